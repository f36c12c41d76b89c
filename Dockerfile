# Build stage: the fat jar with its precompiled templates, migrations and embedded MariaDB.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
COPY templates templates
COPY static static
COPY migrations migrations
RUN mvn -q -B package -DskipTests

# Runtime stage: a JRE, a non-root user, one volume for the data dir.
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends libaio1 libncurses5 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/imagehub imagehub
COPY --from=build /src/target/imagehub.jar /opt/imagehub/imagehub.jar
USER imagehub
WORKDIR /var/lib/imagehub
ENV IMAGEHUB_PORT=8080 IMAGEHUB_DATA_DIR=/var/lib/imagehub/data
VOLUME /var/lib/imagehub/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["java", "-jar", "/opt/imagehub/imagehub.jar"]
