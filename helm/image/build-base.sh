#!/usr/bin/env bash
# Builds the base image of the ftp2sms image without a Docker engine and without pulling from a registry:
#   - a Java 17 runtime made by jlink from the build machine's JDK (Debian's openjdk-17-jdk-headless has jmods),
#   - the few shared libraries it needs, unpacked from Debian packages (apt-get download + dpkg-deb -x),
#   - /etc/passwd and /etc/group with the service user 10001, a world-writable /tmp, no shell.
# The result is a docker-archive tarball (docker save format) that Jib reads as `tar://` base image.
#
#   helm/image/build-base.sh OUTPUT_DIR        (the Maven profile `image` runs it: mvn -Pimage -pl helm -am package)
#
# Needs: bash, a JDK 17 with jmods (JAVA_HOME or /usr/lib/jvm/java-17-openjdk-amd64), apt-get, dpkg-deb, tar,
# sha256sum, and access to a Debian mirror (or the packages already in apt's cache).
set -euo pipefail

out=${1:?usage: build-base.sh OUTPUT_DIR}
jdk=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
[ -d "$jdk/jmods" ] || jdk=/usr/lib/jvm/java-17-openjdk-amd64
[ -d "$jdk/jmods" ] || { echo "build-base.sh: no jmods under $jdk (install openjdk-17-jdk-headless)" >&2; exit 1; }
"$jdk/bin/java" -version 2>&1 | grep -q '"17\.' || { echo "build-base.sh: $jdk is not a JDK 17" >&2; exit 1; }

if [ -s "$out/base-image.tar" ] && [ "$out/base-image.tar" -nt "$0" ] && [ -z "${FTP2SMS_REBUILD_BASE:-}" ]; then
  echo "build-base.sh: $out/base-image.tar is up to date (FTP2SMS_REBUILD_BASE=1 rebuilds it)"
  exit 0
fi
work="$out/base-work"
rootfs="$work/rootfs"
rm -rf "$work"
mkdir -p "$rootfs" "$work/debs"

# 1. The runtime: every standard module the services and their libraries use (Kafka: management, SASL,
#    GSSAPI; sshd and BouncyCastle: crypto; the health server: jdk.httpserver; RocksDB and Kafka: jdk.unsupported).
modules=java.se,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.httpserver,jdk.management,jdk.unsupported,jdk.naming.dns
modules=$modules,jdk.security.auth,jdk.security.jgss,jdk.zipfs,jdk.jfr,jdk.management.jfr,jdk.net,jdk.charsets,jdk.localedata
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --strip-debug --no-header-files \
  --no-man-pages --output "$rootfs/opt/java"
# Debian's JDK keeps its CA certificates and security policy outside the jmods: copy the real files.
for f in cacerts blocked.certs default.policy public_suffix_list.dat; do
  if [ -e "$jdk/lib/security/$f" ]; then
    rm -f "$rootfs/opt/java/lib/security/$f"
    cp -L "$jdk/lib/security/$f" "$rootfs/opt/java/lib/security/$f"
  fi
done
if [ -L "$rootfs/opt/java/conf/security/java.security" ] || [ ! -e "$rootfs/opt/java/conf/security/java.security" ]; then
  rm -f "$rootfs/opt/java/conf/security/java.security"
  cp -L "$jdk/conf/security/java.security" "$rootfs/opt/java/conf/security/java.security"
fi
find "$rootfs/opt/java" -xtype l -print -delete | sed 's/^/build-base.sh: dropped dangling link /' >&2 || true

# 2. The C libraries the runtime (and RocksDB's JNI library) link against, from Debian packages.
packages=(libc6 libgcc-s1 libstdc++6 zlib1g)
(cd "$work/debs" && apt-get -o APT::Sandbox::User=root download "${packages[@]}" >/dev/null)
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
done
rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/lintian" "$rootfs/usr/share/locale" "$rootfs/usr/share/man" \
  "$rootfs/usr/share/info" "$rootfs/usr/lib/x86_64-linux-gnu/gconv" "$rootfs/usr/bin" "$rootfs/usr/sbin" \
  "$rootfs/sbin" "$rootfs/bin" 2>/dev/null || true
# The runtime must run on these libraries alone, not on the build machine's.
loader=
for candidate in "$rootfs"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$rootfs"/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
  [ -e "$candidate" ] && loader=$candidate
done
"$loader" --library-path "$rootfs/usr/lib/x86_64-linux-gnu:$rootfs/lib/x86_64-linux-gnu:$rootfs/opt/java/lib:$rootfs/opt/java/lib/server" \
  "$rootfs/opt/java/bin/java" -version >/dev/null 2>&1 \
  || { echo "build-base.sh: the runtime does not start on the unpacked libraries" >&2; exit 1; }

# 3. Users, temporary files, name resolution.
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/ftp2sms"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nftp2sms:x:10001:10001:ftp2sms:/home/ftp2sms:/usr/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nftp2sms:x:10001:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
[ -e "$rootfs/lib64" ] || ln -s usr/lib64 "$rootfs/lib64" 2>/dev/null || true

# 4. One reproducible layer, and the docker-archive around it.
layer="$work/layer.tar"
tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$layer" .
# /home/ftp2sms belongs to the service user.
tar --sort=name --mtime='@0' --owner=10001 --group=10001 --numeric-owner -C "$rootfs" \
  --no-recursion -rf "$layer" ./home/ftp2sms
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
archive="$work/archive"
mkdir -p "$archive"
mv "$layer" "$archive/$diff_id.tar"
cat > "$archive/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"10001:10001","WorkingDir":"/home/ftp2sms",
  "Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"helm/image/build-base.sh: jlink runtime + Debian $(echo "${packages[*]}")"}]}
EOF
printf '[{"Config":"config.json","RepoTags":["ftp2sms/base:17"],"Layers":["%s.tar"]}]\n' "$diff_id" > "$archive/manifest.json"
# Named entries, no "./": Jib refuses archive paths that could point outside its destination.
tar --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$archive" -cf "$out/base-image.tar" \
  manifest.json config.json "$diff_id.tar"
rm -rf "$work"
echo "build-base.sh: $out/base-image.tar ($(du -h "$out/base-image.tar" | cut -f1))"
