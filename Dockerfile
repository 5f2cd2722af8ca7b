# One build for the three Java deployables: the Maven reactor compiles once, and each
# runtime image takes only its own jar. Select one with `--target certgen|publisher|subscriber`
# (docker-compose.yml does).

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY certgen/pom.xml certgen/
COPY common/pom.xml common/
COPY publisher/pom.xml publisher/
COPY subscriber/pom.xml subscriber/
COPY system-tests/pom.xml system-tests/
COPY certgen/src certgen/src
COPY common/src common/src
COPY publisher/src publisher/src
COPY subscriber/src subscriber/src
# Tests run outside the image build (see README): here only the jars are made. The cache
# mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl certgen,publisher,subscriber -am package -Dmaven.test.skip=true

FROM eclipse-temurin:21-jre AS runtime
# A fixed non-root uid: certgen hands each client its key owned by this uid, mode 0600.
RUN useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app

FROM runtime AS certgen
COPY --from=build /src/certgen/target/certgen-all.jar /app/certgen.jar
COPY certgen/compose-certs.sh /app/compose-certs.sh
# Runs as the calling user (generate_certs.sh passes --user); Compose runs it as root
# through compose-certs.sh, to hand each key to the uid that reads it.
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/app/certgen.jar"]

FROM runtime AS publisher
COPY --from=build /src/publisher/target/publisher-all.jar /app/publisher.jar
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/publisher.jar"]

FROM runtime AS subscriber
COPY --from=build /src/subscriber/target/subscriber-all.jar /app/subscriber.jar
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/subscriber.jar"]
