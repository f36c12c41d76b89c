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

# Runtime stage: a JRE, a non-root user, one volume for the data dir. The data dir holds the database and
# its password files: it belongs to that user alone (a new named volume copies this owner and mode; a
# bind-mounted host dir must be writable by the user's uid). The app exits with status 3 when its embedded
# database keeps dying: run the container with a restart policy (--restart=unless-stopped).
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends libaio1 libncurses5 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/imagehub imagehub \
 && install -d -o imagehub -g imagehub -m 0700 /var/lib/imagehub/data
COPY --from=build /src/target/imagehub.jar /opt/imagehub/imagehub.jar
USER imagehub
WORKDIR /var/lib/imagehub
ENV IMAGEHUB_PORT=8080 IMAGEHUB_DATA_DIR=/var/lib/imagehub/data
VOLUME /var/lib/imagehub/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["java", "-jar", "/opt/imagehub/imagehub.jar"]
