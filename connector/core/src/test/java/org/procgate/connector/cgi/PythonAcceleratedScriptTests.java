package org.procgate.connector.cgi;

import org.procgate.connector.settings.Accelerator;

/*
 * The CGI test corpus once more, with Python scripts run in the launcher's forked children, every other script forked and executed (accelerator python):
 * the same cases, the same expected results.
 */

class PythonAcceleratedCgiRequestToProgramTest extends CgiRequestToProgramTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }
}

class PythonAcceleratedCgiProgramToResponseTest extends CgiProgramToResponseTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }
}

class PythonAcceleratedCgiProcessLimitsTest extends CgiProcessLimitsTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }
}

class PythonAcceleratedCgiInterpretersTest extends CgiInterpretersTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }
}

class PythonAcceleratedCgiStreamingTest extends CgiStreamingTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }
}

class PythonAcceleratedScriptsRunAsTheirUserTest extends ScriptsRunAsTheirUserTest {
    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }
}
