package it;

import org.junit.jupiter.api.Test;

class HaltingTest {

    @Test
    void haltsTheJvm() {
        Runtime.getRuntime().halt(3);
    }
}
