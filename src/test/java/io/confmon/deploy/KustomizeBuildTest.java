package io.confmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confmon.app.Config;
import io.confmon.testing.OutsideTools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The base and the example overlay as kustomize (kubectl's) renders them: every rendered object
 * has only known fields and passes the same policies as the base; the overlay's TLS / SASL
 * environment reaches confmon's Kafka clients as {@code kafka.*} settings.
 */
class KustomizeBuildTest {
    private static List<HasMetadata> render(String dir) throws Exception {
        Path kubectl = OutsideTools.optional("kubectl",
                "kubectl 1.27+ with its built-in kustomize, https://kubernetes.io/docs/tasks/tools/; Debian's 1.20 is too old, so CI cannot install it");
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ":\n" + err);
        List<HasMetadata> all = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Manifests.Doc d : Manifests.parse(out, "kustomize " + dir)) {
            all.add(d.resource());
            Manifests.unknownFields(d.resource()).forEach(f -> unknown.add(d.where() + ": " + f));
        }
        assertThat(unknown).as("unknown fields after rendering").isEmpty();
        return all;
    }

    @Test
    void baseRendersAndFollowsThePolicies() throws Exception {
        List<HasMetadata> base = render("k8s/base");
        assertThat(base).extracting(r -> r.getKind()).contains("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget", "PodMonitor", "PrometheusRule");
        assertThat(KubernetesPolicyTest.Policies.check(base)).isEmpty();
    }

    @Test
    void exampleOverlayRendersWithTlsAndSaslFromSecrets() throws Exception {
        List<HasMetadata> overlay = render("k8s/overlays/example");
        assertThat(KubernetesPolicyTest.Policies.check(overlay)).isEmpty();
        assertThat(overlay).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind()).isEqualTo("confmon"));
        StatefulSet sts = KubernetesPolicyTest.only(overlay, StatefulSet.class);
        Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("ghcr.io/your-org/confmon:0.1.0");
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("CONFMON_KAFKA_SASL_JAAS_CONFIG"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getValue()).as("the password is not in the manifest").isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("confmon-kafka-sasl");
                });
        Map<String, String> env = KubernetesPolicyTest.Policies.resolvedEnv(c, Map.of("POD_NAME", "confmon-0", "POD_NAMESPACE", "confmon"));
        Config config = Config.load(null, env, Map.of());
        assertThat(config.warnings()).isEmpty();
        Properties kafka = config.kafkaProperties();
        assertThat(kafka).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
                .containsKey("sasl.jaas.config");
        String caMount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("kafka-ca")).findFirst().orElseThrow().getMountPath();
        assertThat(kafka.getProperty("ssl.truststore.location")).startsWith(caMount + "/");
    }
}
