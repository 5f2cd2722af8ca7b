# One build for the four Java deployables: the Maven reactor compiles once, and each
# runtime image takes only its own jar. Select one with `--target certgen|publisher|subscriber|exporter`
# (docker-compose.yml does).
#
# The images are not FROM eclipse-temurin:21-jre, the stack's default runtime image, for a written
# reason (issue "Performance"): that base alone weighs more (about 465 MB) than the 200 MB each Java
# image may weigh, and a full JRE starts slower than the 5 s the stack has to deliver its first
# article. Instead the build stage's JDK 21 makes a runtime with only the modules the jars use
# (jlink), and each image is that runtime, the shared libraries it links to and the program's
# jar, on an empty base (FROM scratch): about 100 MB, with no shell, package manager or other
# program besides java (certgen adds the few tools compose-certs.sh needs).

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# The reactor as .dockerignore leaves it (no tests, docs or scripts): Maven reads every module's
# POM even when it builds four of them, so a new module needs no change here.
COPY . .
# Tests run outside the image build (see README): here only the jars are made. The cache
# mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl certgen,publisher,subscriber,exporter -am package -Dmaven.test.skip=true

# The runtime, laid out as in the images: /opt/java; /sysroot, every shared library the runtime's
# programs and libraries link to (libc, libm, libstdc++, libz, the dynamic loader...), plus
# /etc/passwd, /tmp and the C.UTF-8 locale (without it accented titles are logged as '?');
# /tools, what certgen adds; /app, the jars and their class-data archives.
FROM maven:3.9-eclipse-temurin-21 AS runtime-build
COPY --from=build /src/certgen/target/certgen-all.jar /app/certgen.jar
COPY --from=build /src/publisher/target/publisher-all.jar /app/publisher.jar
COPY --from=build /src/subscriber/target/subscriber-all.jar /app/subscriber.jar
COPY --from=build /src/exporter/target/exporter-all.jar /app/exporter.jar
# The modules: what jdeps finds the jars use, plus jdk.crypto.ec, which TLS loads as a provider
# (jdeps cannot see it): on JDK 21 it holds EC and X25519. The default CDS archive
# (--generate-cds-archive) of the JDK's own classes is kept; the one for heaps over 32 GB is not.
RUN set -eu; \
    modules=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 21 /app/*.jar); \
    echo "jlink modules: $modules,jdk.crypto.ec"; \
    jlink --add-modules "$modules,jdk.crypto.ec" \
          --strip-java-debug-attributes --no-header-files --no-man-pages --compress=zip-6 \
          --generate-cds-archive --output /opt/java; \
    rm -f /opt/java/lib/server/classes_nocoops.jsa; \
    mkdir -p /sysroot/etc /sysroot/tmp; \
    chmod 1777 /sysroot/tmp; \
    for f in /opt/java/bin/* /opt/java/lib/jspawnhelper /opt/java/lib/*.so /opt/java/lib/server/*.so; do \
      ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }'; \
    done | grep -v '^/opt/java/' | sort -u | while read -r lib; do cp -L --parents "$lib" /sysroot/; done; \
    printf 'root:x:0:0:root:/:/sbin/nologin\napp:x:10001:10001:app:/nonexistent:/sbin/nologin\n' >/sysroot/etc/passwd; \
    printf 'root:x:0:\napp:x:10001:\n' >/sysroot/etc/group; \
    cp -a --parents /usr/lib/locale/C.utf8 /sysroot/
# certgen/compose-certs.sh needs a shell and install, cmp, chown, chmod, mv and rm (Compose runs it
# as root): these programs and the libraries they need beyond the runtime's.
RUN set -eu; \
    mkdir -p /tools/bin; \
    for tool in sh install cmp chown chmod mv rm; do cp -L "$(command -v "$tool")" /tools/bin/; done; \
    for f in /tools/bin/*; do ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'; done \
      | sort -u | while read -r lib; do [ -e "/sysroot$lib" ] || cp -L --parents "$lib" /tools/; done
# Class-data sharing (AppCDS): an archive of each program's classes from a training run, so that
# at start the JVM maps them instead of loading and verifying them (it halves the time from
# container start to connected). The runs need no broker: certgen makes a PKI in /tmp/pki, and
# each client loads it and makes a TLS handshake with `openssl s_server`, which never answers its
# MQTT CONNECT, until it is stopped (without openssl the archive still has all but the TLS
# handshake). An archive is only used with the runtime and jar it was made with, at the same
# paths: COPY keeps them as they are here. The JVM options are those of the ENTRYPOINTs below.
RUN set -eu; \
    export PATH=/opt/java/bin:$PATH; \
    java -XX:ArchiveClassesAtExit=/app/certgen.jsa -Xlog:cds=error \
         -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -jar /app/certgen.jar --out /tmp/pki; \
    openssl s_server -rev -accept 127.0.0.1:18883 -Verify 1 -CAfile /tmp/pki/ca.crt \
        -cert /tmp/pki/server.crt -key /tmp/pki/server.key </dev/null >/dev/null 2>&1 & \
    server=$!; \
    for client in publisher subscriber exporter; do \
      MQTT_HOST=localhost MQTT_PORT=18883 HTTP_PORT=18080 MQTT_CA_FILE=/tmp/pki/ca.crt \
      MQTT_CERT_FILE=/tmp/pki/$client.crt MQTT_KEY_FILE=/tmp/pki/$client.key \
      timeout -k 20 -s TERM 4 java -XX:ArchiveClassesAtExit=/app/$client.jsa -Xlog:cds=error \
          -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xms16m -Xmx64m -jar /app/$client.jar || true; \
      test -s /app/$client.jsa; \
    done; \
    kill $server || true; \
    rm -rf /tmp/pki

FROM scratch AS runtime
COPY --from=runtime-build /sysroot/ /
COPY --from=runtime-build /opt/java /opt/java
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/bin \
    LANG=C.UTF-8
WORKDIR /app
# A fixed non-root uid: certgen hands each client its key owned by this uid, mode 0600.
USER 10001:10001

FROM runtime AS certgen
COPY --from=runtime-build /tools/ /
COPY --from=runtime-build /app/certgen.jar /app/certgen.jsa /app/
COPY certgen/compose-certs.sh /app/compose-certs.sh
# Runs as the calling user (generate_certs.sh passes --user); Compose runs it as root
# through compose-certs.sh, to hand each key to the uid that reads it. A one-shot program:
# C1 only and the serial collector start fastest.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/certgen.jsa", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-jar", "/app/certgen.jar"]

# The clients' JVM options, each measured on the 2-core machine of issue "Performance": the class-data
# archive; C1 only (-XX:TieredStopAtLevel=1: about 25 MB less resident memory and a faster start,
# and C1's code is plenty for an article every few seconds); the serial collector (no GC threads to
# speak of, the smallest footprint for a heap this size); no hsperfdata file (the root file system is
# read-only); a heap from 16 MB up to 64 MB (by default it would start at 1/64 of the host's memory
# and be allowed 1/4 of it: 20 MB more resident at rest, and growing).
FROM runtime AS publisher
COPY --from=runtime-build /app/publisher.jar /app/publisher.jsa /app/
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/publisher.jsa", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xms16m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/publisher.jar"]

FROM runtime AS subscriber
COPY --from=runtime-build /app/subscriber.jar /app/subscriber.jsa /app/
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/subscriber.jsa", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xms16m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/subscriber.jar"]

# The broker exporter (Compose profile monitoring): the broker's $SYS figures and its certificate
# and CRL dates on /metrics, for Prometheus. The clients' JVM options, for the same reasons.
FROM runtime AS exporter
COPY --from=runtime-build /app/exporter.jar /app/exporter.jsa /app/
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/exporter.jsa", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xms16m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/exporter.jar"]

# Last, so that `docker build .` without --target stops here and says what to do, instead of
# silently building whichever program happens to come last. No target depends on this stage.
FROM maven:3.9-eclipse-temurin-21 AS choose-a-target
RUN echo "choose an image with --target certgen|publisher|subscriber|exporter, e.g. docker build --target subscriber ." >&2; exit 1
