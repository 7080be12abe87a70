package io.confmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.app.ByteSizes;
import io.confmon.app.Config;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * What an operator's review of k8s/ asks for, each rule a test named after the failure it
 * prevents. The rules read the base (k8s/base) and the topics Job; {@link KustomizeBuildTest}
 * runs the same rules over the example overlay as kustomize renders it.
 */
class KubernetesPolicyTest {
    private static final Path BASE = Path.of("k8s/base");
    private static final Path TOPICS = Path.of("k8s/topics");

    static List<HasMetadata> base() {
        List<HasMetadata> out = new ArrayList<>();
        for (Path file : Manifests.files()) {
            if (file.startsWith(BASE) || file.startsWith(TOPICS)) Manifests.read(file).forEach(d -> out.add(d.resource()));
        }
        return out;
    }

    @Test
    void baseFollowsThePolicies() {
        assertThat(Policies.check(base())).isEmpty();
    }

    @Test
    void brokenManifestsAreCaught() throws IOException {
        // One defect from issue 13 each; every one must be reported.
        Map<String, String> defects = new LinkedHashMap<>();
        defects.put("startupProbe:", "noStartupProbe:");
        defects.put("enableServiceLinks: false", "enableServiceLinks: true");
        defects.put("confmon:0.1.0", "confmon:latest");
        defects.put("type: RuntimeDefault", "type: Unconfined");
        defects.put("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
        defects.put("podAntiAffinity:", "podAffinity:");
        defects.put("fsGroupChangePolicy: OnRootMismatch", "fsGroupChangePolicy: Always");
        defects.put("name: CONFMON_STREAMS_GROUP_INSTANCE_ID", "name: CONFMON_STREAMS_CLIENT_ID");
        defects.put("-XX:+ExitOnOutOfMemoryError", "-XX:+HeapDumpOnOutOfMemoryError");
        defects.put("-XX:MaxRAMPercentage=35", "-XX:MaxRAMPercentage=75");
        defects.put("terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 30");
        defects.put("path: /readyz", "path: /healthz");
        String statefulSet = Files.readString(BASE.resolve("statefulset.yml"));
        for (Map.Entry<String, String> d : defects.entrySet()) {
            assertThat(statefulSet).contains(d.getKey());
            List<HasMetadata> broken = replace(base(), StatefulSet.class, statefulSet.replace(d.getKey(), d.getValue()));
            assertThat(Policies.check(broken)).as("violations with %s -> %s", d.getKey(), d.getValue()).isNotEmpty();
        }
        String config = Files.readString(BASE.resolve("configmap.yml"));
        for (String[] d : new String[][] {{"streams.replication.factor=3", "streams.replication.factor=1"},
                {"state.dir=/var/lib/confmon/state", "state.dir=/var/lib/confmon"}, {"rocksdb.memory=256MiB", "rocksdb.memory=1GiB"}}) {
            assertThat(config).contains(d[0]);
            assertThat(Policies.check(replace(base(), ConfigMap.class, config.replace(d[0], d[1])))).as("violations with %s", d[1]).isNotEmpty();
        }
        String services = Files.readString(BASE.resolve("service.yml"));
        assertThat(Policies.check(replace(base(), Service.class, services.replace("component: peers", "component: api"))))
                .as("two Services with the same labels").isNotEmpty();
        assertThat(Policies.check(replace(base(), Service.class, services.replace("  name: confmon\n  labels:",
                "  name: confmon\n  annotations:\n    prometheus.io/scrape: \"true\"\n  labels:"))))
                .as("the load-balanced Service annotated for scraping").isNotEmpty();
        List<HasMetadata> withoutPdb = new ArrayList<>(base());
        withoutPdb.removeIf(r -> r instanceof PodDisruptionBudget);
        assertThat(Policies.check(withoutPdb)).as("no PodDisruptionBudget").isNotEmpty();
        List<HasMetadata> withoutMonitor = new ArrayList<>(base());
        withoutMonitor.removeIf(r -> r instanceof PodMonitor);
        assertThat(Policies.check(withoutMonitor)).as("no PodMonitor").isNotEmpty();
    }

    @Test
    void staticMembershipAndReplicationReachKafkaStreams() throws IOException {
        // The pod's environment and ConfigMap, read by confmon's own Config, then by Kafka Streams.
        StatefulSet sts = only(base(), StatefulSet.class);
        Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = Policies.resolvedEnv(c, Map.of("POD_NAME", "confmon-1", "POD_NAMESPACE", "ns"));
        Path file = Files.createTempFile("confmon", ".properties");
        try {
            Files.writeString(file, only(base(), ConfigMap.class).getData().get("confmon.properties"));
            Config config = Config.load(file, env, Map.of());
            assertThat(config.warnings()).as("environment variables confmon does not know").isEmpty();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
            props.putAll(config.streamsOverrides());
            StreamsConfig streams = new StreamsConfig(props);
            assertThat((String) streams.getMainConsumerConfigs("confmon", "confmon-client", 1).get("group.instance.id"))
                    .as("static membership id of stream thread 1").isEqualTo("confmon-1-1");
            assertThat(streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
            assertThat(streams.getString(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("confmon-1.confmon-headless.ns.svc.cluster.local:8080");
            assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/confmon/state"));
        } finally {
            Files.delete(file);
        }
    }

    static <T extends HasMetadata> T only(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static List<HasMetadata> replace(List<HasMetadata> all, Class<? extends HasMetadata> type, String yaml) {
        List<HasMetadata> out = new ArrayList<>(all);
        out.removeIf(type::isInstance);
        Manifests.parse(yaml, "edited").forEach(d -> out.add(d.resource()));
        return out;
    }

    /** The rules, over any set of resources (the base, or a rendered overlay). */
    static final class Policies {
        /** Monitor.CLOSE_TIMEOUT: a pod must be given longer than that to stop. */
        static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
        private static final Pattern ENV_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

        static List<String> check(List<HasMetadata> all) {
            List<String> v = new ArrayList<>();
            for (HasMetadata r : all) {
                PodTemplateSpec template = r instanceof StatefulSet s ? s.getSpec().getTemplate()
                        : r instanceof Job j ? j.getSpec().getTemplate() : null;
                if (template != null) restrictedPod(r.getMetadata().getName(), template.getSpec(), v);
            }
            List<StatefulSet> sets = all.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).toList();
            if (sets.size() != 1) v.add("expected one StatefulSet, found " + sets.size());
            else monitor(sets.get(0), all, v);
            return v;
        }

        private static void restrictedPod(String name, PodSpec pod, List<String> v) {
            var psc = pod.getSecurityContext();
            if (psc == null) {
                v.add(name + ": no pod securityContext");
                return;
            }
            if (!Boolean.TRUE.equals(psc.getRunAsNonRoot())) v.add(name + ": runAsNonRoot is not true");
            if (psc.getRunAsUser() == null || psc.getRunAsUser() == 0) v.add(name + ": runAsUser not a fixed non-zero uid");
            if (psc.getSeccompProfile() == null || !"RuntimeDefault".equals(psc.getSeccompProfile().getType())) v.add(name + ": seccompProfile is not RuntimeDefault");
            if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) v.add(name + ": enableServiceLinks is not false (CONFMON_SERVICE_HOST and friends)");
            if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())) v.add(name + ": host namespaces");
            pod.getVolumes().forEach(vol -> {
                if (vol.getHostPath() != null) v.add(name + ": hostPath volume " + vol.getName());
            });
            for (Container c : pod.getContainers()) {
                String where = name + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    v.add(where + ": no container securityContext");
                    continue;
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) v.add(where + ": allowPrivilegeEscalation is not false");
                if (Boolean.TRUE.equals(sc.getPrivileged())) v.add(where + ": privileged");
                if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) v.add(where + ": capabilities do not drop ALL");
                if (sc.getCapabilities() != null && !sc.getCapabilities().getAdd().isEmpty()) v.add(where + ": adds capabilities");
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) v.add(where + ": root filesystem is writable");
                else if (!mountsEmptyDir(pod, c, "/tmp")) v.add(where + ": read-only root filesystem without an emptyDir at /tmp");
                image(where, c.getImage(), v);
                var res = c.getResources();
                if (res == null || res.getRequests().get("cpu") == null || res.getRequests().get("memory") == null) v.add(where + ": no cpu and memory requests");
                if (res == null || res.getLimits().get("memory") == null) v.add(where + ": no memory limit");
            }
        }

        private static void image(String where, String image, List<String> v) {
            if (image == null) {
                v.add(where + ": no image");
                return;
            }
            if (image.contains("@sha256:")) return;
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon < slash + 1) v.add(where + ": image " + image + " has no tag");
            else if (image.substring(colon + 1).equals("latest")) v.add(where + ": image " + image + " uses :latest");
        }

        private static boolean mountsEmptyDir(PodSpec pod, Container c, String path) {
            for (VolumeMount m : c.getVolumeMounts()) {
                if (!m.getMountPath().equals(path)) continue;
                return pod.getVolumes().stream().anyMatch(vol -> vol.getName().equals(m.getName()) && vol.getEmptyDir() != null);
            }
            return false;
        }

        private static void monitor(StatefulSet sts, List<HasMetadata> all, List<String> v) {
            String name = "StatefulSet " + sts.getMetadata().getName();
            PodSpec pod = sts.getSpec().getTemplate().getSpec();
            Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
            Container c = pod.getContainers().get(0);
            // Probes: a pod still waiting for its topics has no HTTP port; only a startup probe
            // may fail that long without a restart.
            Probe startup = c.getStartupProbe();
            if (startup == null) v.add(name + ": no startupProbe (the liveness probe kills a pod waiting for its topics)");
            else if (seconds(startup) < 300) v.add(name + ": startupProbe allows only " + seconds(startup) + " s");
            if (!path(c.getLivenessProbe()).equals("/healthz")) v.add(name + ": livenessProbe is not GET /healthz");
            if (!path(c.getReadinessProbe()).equals("/readyz")) v.add(name + ": readinessProbe is not GET /readyz (503 while restoring)");
            if (pod.getTerminationGracePeriodSeconds() == null || pod.getTerminationGracePeriodSeconds() <= CLOSE_TIMEOUT.toSeconds()) {
                v.add(name + ": terminationGracePeriodSeconds not above the " + CLOSE_TIMEOUT.toSeconds() + " s close timeout");
            }
            var psc = pod.getSecurityContext();
            if (psc == null || psc.getFsGroup() == null || !"OnRootMismatch".equals(psc.getFsGroupChangePolicy())) {
                v.add(name + ": fsGroup with fsGroupChangePolicy OnRootMismatch");
            }
            // Anti-affinity: the standby of a task must not share the node of its active copy.
            var anti = pod.getAffinity() == null ? null : pod.getAffinity().getPodAntiAffinity();
            boolean spread = anti != null && anti.getRequiredDuringSchedulingIgnoredDuringExecution().stream()
                    .anyMatch(t -> t.getTopologyKey().equals("kubernetes.io/hostname") && t.getLabelSelector() != null
                            && podLabels.entrySet().containsAll(t.getLabelSelector().getMatchLabels().entrySet()));
            if (!spread) v.add(name + ": no required podAntiAffinity on kubernetes.io/hostname selecting its own pods");
            // Disruptions.
            boolean pdb = all.stream().filter(PodDisruptionBudget.class::isInstance).map(PodDisruptionBudget.class::cast)
                    .anyMatch(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet())
                            && (p.getSpec().getMaxUnavailable() != null || p.getSpec().getMinAvailable() != null));
            if (!pdb) v.add(name + ": no PodDisruptionBudget selecting its pods");
            // Static membership and memory.
            Map<String, String> env = resolvedEnv(c, Map.of("POD_NAME", "pod-0", "POD_NAMESPACE", "ns"));
            if (!"pod-0".equals(env.get("CONFMON_STREAMS_GROUP_INSTANCE_ID"))) v.add(name + ": group.instance.id is not the pod name (static membership)");
            String jvm = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (!jvm.contains("-XX:+ExitOnOutOfMemoryError")) v.add(name + ": JVM without -XX:+ExitOnOutOfMemoryError");
            Matcher share = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(jvm);
            Quantity limit = c.getResources() == null ? null : c.getResources().getLimits().get("memory");
            Properties conf = confmonProperties(all);
            String stateMount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("state")).map(VolumeMount::getMountPath).findFirst().orElse(null);
            String stateDir = conf.getProperty("state.dir", "");
            if (stateMount == null || !stateDir.startsWith(stateMount + "/")) {
                v.add(name + ": state.dir " + stateDir + " is not a subdirectory of the state volume " + stateMount);
            }
            if (!share.find() || limit == null) {
                v.add(name + ": no heap share (-XX:MaxRAMPercentage) or no memory limit");
            } else {
                double limitBytes = Quantity.getAmountInBytes(limit).doubleValue();
                double heap = limitBytes * Double.parseDouble(share.group(1)) / 100;
                long rocks = ByteSizes.parseBytes(conf.getProperty("rocksdb.memory", "64MiB"));
                // Measured (README: Memory): metaspace, threads, Kafka clients' buffers and malloc
                // take about 300 MiB beyond heap and RocksDB; keep 35 % of the limit for them.
                if (heap + rocks > 0.65 * limitBytes) {
                    v.add(String.format("%s: heap %.0f MiB + rocksdb.memory %d MiB leave less than 35 %% of the %.0f MiB limit",
                            name, heap / (1 << 20), rocks >> 20, limitBytes / (1 << 20)));
                }
            }
            if (Integer.parseInt(conf.getProperty("streams.replication.factor", "-1")) < 3) {
                v.add(name + ": internal topics without streams.replication.factor >= 3");
            }
            if (pod.getEnableServiceLinks() == null || pod.getEnableServiceLinks()) v.add(name + ": service links on");
            services(sts, podLabels, all, v);
        }

        private static void services(StatefulSet sts, Map<String, String> podLabels, List<HasMetadata> all, List<String> v) {
            List<Service> services = all.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
            Map<Map<String, String>, String> seen = new HashMap<>();
            for (Service s : services) {
                String other = seen.put(s.getMetadata().getLabels(), s.getMetadata().getName());
                if (other != null) v.add("Services " + other + " and " + s.getMetadata().getName() + " carry the same labels");
                if (!podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet())) v.add("Service " + s.getMetadata().getName() + " selects no confmon pod");
                var annotations = s.getMetadata().getAnnotations();
                boolean headless = "None".equals(s.getSpec().getClusterIP());
                if (!headless && annotations != null && annotations.keySet().stream().anyMatch(k -> k.startsWith("prometheus.io/"))) {
                    v.add("Service " + s.getMetadata().getName() + " is load-balanced and annotated for scraping (series flap between pods)");
                }
                for (ServiceMonitor m : all.stream().filter(ServiceMonitor.class::isInstance).map(ServiceMonitor.class::cast).toList()) {
                    if (!headless && s.getMetadata().getLabels().entrySet().containsAll(m.getSpec().getSelector().getMatchLabels().entrySet())) {
                        v.add("ServiceMonitor " + m.getMetadata().getName() + " scrapes the load-balanced Service " + s.getMetadata().getName());
                    }
                }
            }
            if (services.stream().noneMatch(s -> "None".equals(s.getSpec().getClusterIP()) && s.getMetadata().getName().equals(sts.getSpec().getServiceName()))) {
                v.add("no headless Service named by serviceName " + sts.getSpec().getServiceName());
            }
            var annotations = sts.getSpec().getTemplate().getMetadata().getAnnotations();
            if (annotations != null && annotations.containsKey("prometheus.io/scrape")) v.add("pods annotated for scraping as well as a PodMonitor (scraped twice)");
            List<String> ports = sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream().map(p -> p.getName()).toList();
            boolean monitored = all.stream().filter(PodMonitor.class::isInstance).map(PodMonitor.class::cast)
                    .anyMatch(m -> podLabels.entrySet().containsAll(m.getSpec().getSelector().getMatchLabels().entrySet())
                            && m.getSpec().getPodMetricsEndpoints().stream().anyMatch(e -> ports.contains(e.getPort()) && "/metrics".equals(e.getPath())));
            if (!monitored) v.add("no PodMonitor scraping /metrics on a named port of every confmon pod");
        }

        private static Properties confmonProperties(List<HasMetadata> all) {
            Properties p = new Properties();
            all.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                    .filter(cm -> cm.getData() != null && cm.getData().containsKey("confmon.properties"))
                    .findFirst().ifPresent(cm -> {
                        try {
                            p.load(new StringReader(cm.getData().get("confmon.properties")));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            return p;
        }

        /** The container's literal environment with {@code $(VAR)} references resolved as the kubelet does. */
        static Map<String, String> resolvedEnv(Container c, Map<String, String> fieldRefs) {
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvVar e : c.getEnv()) {
                String value = e.getValue() != null ? e.getValue() : fieldRefs.getOrDefault(e.getName(), "from-" + e.getName());
                Matcher m = ENV_REF.matcher(value);
                StringBuilder sb = new StringBuilder();
                while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
                m.appendTail(sb);
                env.put(e.getName(), sb.toString());
            }
            return env;
        }

        private static int seconds(Probe p) {
            int period = p.getPeriodSeconds() == null ? 10 : p.getPeriodSeconds();
            int failures = p.getFailureThreshold() == null ? 3 : p.getFailureThreshold();
            return period * failures;
        }

        private static String path(Probe p) {
            return p == null || p.getHttpGet() == null ? "" : p.getHttpGet().getPath();
        }
    }
}
