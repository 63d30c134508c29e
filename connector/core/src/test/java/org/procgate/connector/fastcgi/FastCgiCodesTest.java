package org.procgate.connector.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.procgate.connector.protocol.ProtocolException;

class FastCgiCodesTest {

    @Test
    void recordTypesHaveTheSpecifiedCodes() throws Exception {
        int code = 1;
        for (RecordType type : RecordType.values()) {
            assertThat(type.code()).isEqualTo(code);
            assertThat(RecordType.from(code)).isSameAs(type);
            code++;
        }
        assertThat(RecordType.END_REQUEST.code()).isEqualTo(3);
        assertThat(RecordType.UNKNOWN_TYPE.code()).isEqualTo(11);
    }

    @Test
    void unknownRecordTypeCodesAreRejected() {
        for (int code : new int[] {-1, 0, 12, 255}) {
            assertThatThrownBy(() -> RecordType.from(code))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessage("unknown record type " + code);
        }
    }

    @Test
    void onlyTheConnectionRecordsAreManagementRecords() {
        assertThat(RecordType.values())
                .filteredOn(RecordType::isManagement)
                .containsExactly(RecordType.GET_VALUES, RecordType.GET_VALUES_RESULT, RecordType.UNKNOWN_TYPE);
    }

    @Test
    void protocolStatusCodes() throws Exception {
        assertThat(ProtocolStatus.from(0)).isSameAs(ProtocolStatus.REQUEST_COMPLETE);
        assertThat(ProtocolStatus.from(1)).isSameAs(ProtocolStatus.CANT_MPX_CONN);
        assertThat(ProtocolStatus.from(2)).isSameAs(ProtocolStatus.OVERLOADED);
        assertThat(ProtocolStatus.from(3)).isSameAs(ProtocolStatus.UNKNOWN_ROLE);
        assertThat(ProtocolStatus.UNKNOWN_ROLE.code()).isEqualTo(3);
        assertThatThrownBy(() -> ProtocolStatus.from(4)).isInstanceOf(ProtocolException.class)
                .hasMessage("unknown protocol status 4");
        assertThatThrownBy(() -> ProtocolStatus.from(-1)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void roleCodes() {
        assertThat(Role.RESPONDER.code()).isEqualTo(1);
        assertThat(Role.AUTHORIZER.code()).isEqualTo(2);
        assertThat(Role.FILTER.code()).isEqualTo(3);
    }

    @Test
    void constants() {
        assertThat(FastCgi.VERSION).isEqualTo(1);
        assertThat(FastCgi.HEADER_LENGTH).isEqualTo(8);
        assertThat(FastCgi.MAX_CONTENT_LENGTH).isEqualTo(65535);
        assertThat(FastCgi.NULL_REQUEST_ID).isZero();
        assertThat(FastCgi.KEEP_CONN).isEqualTo(1);
        assertThat(FastCgi.FCGI_MPXS_CONNS).isEqualTo("FCGI_MPXS_CONNS");
    }
}
