# confmon's image, built from the sources (no host JDK or Maven needed):
#   docker build -t confmon:0.1.0 .
# Build stage: Maven and a JDK; the dependencies are a layer of their own, so a change to the
# sources does not download them again.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY schemas schemas
COPY src/main src/main
RUN mvn -B -q -Dmaven.test.skip=true package

# Run stage: a JRE only.
FROM eclipse-temurin:17-jre

# Heatmaps draw text with Java2D, which needs a font on the system.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig \
 && rm -rf /var/lib/apt/lists/*

# A fixed non-root user and group; k8s/base/statefulset.yml runs as the same ids. The state
# lives in a subdirectory of /var/lib/confmon (state.dir, set by whoever runs the image: the
# image sets no CONFMON_* variable, so a ConfigMap or --config file is never overridden by it).
RUN groupadd --system --gid 10001 confmon \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/confmon confmon \
 && mkdir -p /var/lib/confmon \
 && chown 10001:10001 /var/lib/confmon

COPY --from=build /src/target/confmon.jar /app/confmon.jar

# RocksDB allocates from many threads; glibc's per-thread arenas would hold freed native
# memory far beyond what the stores use (rocksdb.memory bounds the stores, not the arenas).
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
USER 10001:10001

ENTRYPOINT ["java", "-jar", "/app/confmon.jar"]
CMD ["run", "--create-topics"]
