package org.procgate.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentKeepsItsTraceAndFlagsWithANewParentForProcgatesHop() {
        String hop = TraceContext.childOf(VALID);
        assertThat(hop).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01").isNotEqualTo(VALID);
        assertThat(TraceContext.traceId(hop)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceContext.childOf(VALID)).as("a new parent id each time").isNotEqualTo(hop);
    }

    @Test
    void withoutAValidOneANewUnsampledTraceStarts() {
        for (String given : new String[] {null, "", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
            String hop = TraceContext.childOf(given);
            assertThat(hop).as(given).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00")
                    .doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736", "4BF92F");
        }
        assertThat(TraceContext.childOf(null)).isNotEqualTo(TraceContext.childOf(null));
    }
}
