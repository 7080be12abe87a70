package io.confmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under k8s/ (base, topics Job, overlay patches) parses into the Kubernetes API's
 * model classes with no field they do not know: what {@code kubectl apply} would reject or, worse,
 * silently drop (a probe under the wrong key, {@code fsGroupChangePolicy} on the container).
 */
class ManifestSchemaTest {
    @Test
    void everyManifestHasOnlyFieldsOfItsKind() {
        List<Path> files = Manifests.files();
        assertThat(files).as("manifests found under k8s/").hasSizeGreaterThanOrEqualTo(8);
        List<String> problems = new ArrayList<>();
        int docs = 0;
        for (Path file : files) {
            for (Manifests.Doc doc : Manifests.read(file)) {
                docs++;
                Manifests.unknownFields(doc.resource()).forEach(f -> problems.add(doc.where() + ": unknown field " + f));
            }
        }
        assertThat(docs).as("documents").isGreaterThanOrEqualTo(files.size());
        assertThat(problems).as("fields the Kubernetes model does not know").isEmpty();
    }

    @Test
    void aMisplacedFieldIsCaught() {
        String yaml = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          image: i:1
                          fsGroupChangePolicy: OnRootMismatch
                          livenesProbe: {httpGet: {path: /healthz, port: 8080}}
                """;
        List<String> unknown = Manifests.unknownFields(Manifests.parse(yaml, "inline").get(0).resource());
        assertThat(unknown).containsExactlyInAnyOrder(
                ".spec.template.spec.containers[0].fsGroupChangePolicy",
                ".spec.template.spec.containers[0].livenesProbe");
    }
}
