# Where a Docker engine is at hand, the same image as `mvn -Pimage -pl helm -am package` (docs/operations.md),
# on Temurin instead of the jlink runtime. Build the jar first: mvn -B -DskipTests package -pl standalone -am
FROM eclipse-temurin:17-jre
COPY standalone/target/ftp2sms-standalone.jar /app/ftp2sms.jar
USER 10001:10001
# The first argument names the service (ftp-gateway, dispatcher, ...); none runs standalone. JVM flags go in
# JAVA_TOOL_OPTIONS, as the chart sets them. umask 077: files under the data dir are owner-only.
ENTRYPOINT ["sh", "-c", "umask 077 && exec java -cp /app/ftp2sms.jar org.ftp2sms.standalone.ServiceLauncher \"$@\"", "ftp2sms"]
