# confmon's runtime image. Build the jar first, then the image:
#   mvn -B package -DskipTests      # writes target/confmon.jar (shaded, runnable)
#   docker build -t confmon .
FROM eclipse-temurin:17-jre

# Heatmaps draw text with Java2D, which needs a font on the system.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig \
 && rm -rf /var/lib/apt/lists/*

# A fixed non-root user; k8s/statefulset.yml runs as the same uid.
RUN useradd --system --uid 10001 --home-dir /var/lib/confmon confmon \
 && mkdir -p /var/lib/confmon \
 && chown confmon /var/lib/confmon

COPY target/confmon.jar /app/confmon.jar

# Kafka Streams' state stores live here: mount a volume to keep them across restarts.
ENV CONFMON_STATE_DIR=/var/lib/confmon
VOLUME /var/lib/confmon
EXPOSE 8080
USER 10001

ENTRYPOINT ["java","-jar","/app/confmon.jar"]
CMD ["run","--create-topics"]
