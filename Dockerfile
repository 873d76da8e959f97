# The one image every service of the Helm chart runs (each Deployment picks its stage's main class).
# Build the jar first: mvn -B -DskipTests package -pl standalone -am
FROM eclipse-temurin:17-jre
COPY standalone/target/ftp2sms-standalone.jar /app/ftp2sms.jar
USER 10001
# Without a command: the whole gateway in one JVM, as bin/ftp2sms-standalone runs it.
# umask 077: files written under the data dir (uploads, stored files, exports, Kafka logs) are owner-only.
ENTRYPOINT ["sh", "-c", "umask 077 && exec java $JAVA_OPTS -jar /app/ftp2sms.jar \"$@\"", "ftp2sms"]
