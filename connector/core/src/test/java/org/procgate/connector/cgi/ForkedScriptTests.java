package org.procgate.connector.cgi;

import org.procgate.connector.settings.Accelerator;

/*
 * The CGI test corpus once more, with every script forked and executed by the pool's launcher (accelerator fork):
 * the same cases, the same expected results.
 */

class ForkedCgiRequestToProgramTest extends CgiRequestToProgramTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.FORK;
    }
}

class ForkedCgiProgramToResponseTest extends CgiProgramToResponseTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.FORK;
    }
}

class ForkedCgiProcessLimitsTest extends CgiProcessLimitsTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.FORK;
    }
}

class ForkedCgiInterpretersTest extends CgiInterpretersTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.FORK;
    }
}

class ForkedCgiStreamingTest extends CgiStreamingTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.FORK;
    }
}

class ForkedScriptsRunAsTheirUserTest extends ScriptsRunAsTheirUserTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.FORK;
    }
}
