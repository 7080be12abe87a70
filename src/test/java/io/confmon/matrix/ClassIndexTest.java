package io.confmon.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassIndexTest {
    @Test
    void indexOnlyClassesListZeroToTheLargest() {
        assertThat(ClassIndex.learned(List.of("3", "0", "7")).names()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void namesSortNumericByValueThenByCodePoint() {
        assertThat(ClassIndex.learned(List.of("b", "10", "B", "2", "a", "-3", "07")).names())
                .containsExactly("-3", "2", "07", "10", "B", "a", "b");
    }

    @Test
    void otherIsListedLast() {
        assertThat(ClassIndex.learned(List.of(ClassIndex.OTHER, "z", "a")).names()).containsExactly("a", "z", ClassIndex.OTHER);
    }

    @Test
    void learnerCountsClassesPastTheCapAsOther() {
        ClassLearner learner = new ClassLearner(2);
        int a = learner.idOf("a");
        int b = learner.idOf("b");
        int c = learner.idOf("c");
        int d = learner.idOf("d");
        assertThat(a).isNotEqualTo(b);
        assertThat(c).isEqualTo(d);
        assertThat(learner.namesById()).containsExactly("a", "b", ClassIndex.OTHER);
        assertThat(learner.idOf("a")).isEqualTo(a);
        assertThat(learner.classIndex().names()).containsExactly("a", "b", ClassIndex.OTHER);
    }
}
