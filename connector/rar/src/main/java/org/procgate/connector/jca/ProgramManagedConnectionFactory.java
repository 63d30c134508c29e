package org.procgate.connector.jca;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAdapterInternalException;

import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.process.CommandLine;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.LaunchMode;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.ProcessManager;
import org.procgate.connector.settings.StreamingSettings;

/**
 * One pool, described by configuration properties. Every property here is listed, with its
 * default, in the README's connector settings table.
 */
@ConnectionDefinition(
        connectionFactory = ProgramConnectionFactory.class,
        connectionFactoryImpl = ProgramConnectionFactoryImpl.class,
        connection = ProgramConnection.class,
        connectionImpl = ProgramConnectionHandle.class)
public class ProgramManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(description = "Name of the pool, unique within the adapter (letters, digits, '.', '_', '-')")
    private String poolName;
    @ConfigProperty(defaultValue = "fastcgi", description = "fastcgi: warm worker processes; cgi: one process per request")
    private String kind = "fastcgi";
    @ConfigProperty(defaultValue = "", description = "FastCGI: the worker command (no shell; quotes group words; ${property} expands); "
            + "CGI: an optional interpreter put before the script")
    private String command = "";
    @ConfigProperty(defaultValue = "fd0", description = "FastCGI: fd0 = the program expects its listening socket on fd 0 (run through spawn-fcgi); "
            + "bind = the program binds the path that replaces {socket} in the command; remote = workers running elsewhere, at addresses")
    private String launch = "fd0";
    @ConfigProperty(defaultValue = "", description = "CGI: directory the scripts are run from")
    private String scriptRoot = "";
    @ConfigProperty(defaultValue = "", description = "Working directory of the programs (default: the script's directory, or the adapter's)")
    private String workingDirectory = "";
    @ConfigProperty(defaultValue = "", description = "Extra variables for the programs, NAME=value separated by ';' (${property} expands)")
    private String environment = "";
    @ConfigProperty(defaultValue = "5", description = "FastCGI: most worker processes (PHP-FPM's pm.max_children); CGI: most concurrent processes")
    private Integer maxWorkers = 5;
    @ConfigProperty(defaultValue = "5000", description = "Longest wait for a free worker or CGI slot before 503, in ms")
    private Integer borrowTimeoutMillis = 5000;
    @ConfigProperty(defaultValue = "30000", description = "Longest a request may take before the program is killed and 504 answered, in ms")
    private Integer requestTimeoutMillis = 30000;
    @ConfigProperty(defaultValue = "10485760", description = "Largest request body passed to a program, in bytes (413 above)")
    private Long maxRequestBodyBytes = 10L * 1024 * 1024;
    @ConfigProperty(defaultValue = "0", description = "Largest response body passed on from a program, in bytes (0: no limit; "
            + "above it the answer fails: 502 if nothing was sent yet, else the response is aborted)")
    private Long maxResponseBytes = 0L;
    @ConfigProperty(defaultValue = "65536", description = "Largest header block accepted from a program, in bytes")
    private Integer maxHeaderBytes = 64 * 1024;
    @ConfigProperty(defaultValue = "16384", description = "stderr kept for the log per request or process, in bytes")
    private Integer maxStderrBytes = 16 * 1024;
    @ConfigProperty(defaultValue = "", description = "If set, the only request headers passed as HTTP_*, comma-separated "
            + "(empty: every header but Proxy, hop-by-hop headers, Authorization and names with '_')")
    private String headerAllowList = "";
    @ConfigProperty(defaultValue = "false", description = "Whether the Authorization and Proxy-Authorization headers reach the program")
    private Boolean passAuthorization = false;
    @ConfigProperty(defaultValue = "2000", description = "Time between SIGTERM and SIGKILL when a program is stopped, in ms")
    private Integer shutdownGraceMillis = 2000;
    @ConfigProperty(defaultValue = "5000", description = "Requests slower than this are logged and counted as slow, in ms")
    private Integer slowRequestMillis = 5000;
    @ConfigProperty(defaultValue = "true", description = "Whether an answer the client takes slower than the program writes it "
            + "is held (memory, then a temporary file) so the program is released when it ends; false: pure pass-through")
    private Boolean responseBuffering = true;
    @ConfigProperty(defaultValue = "262144", description = "Memory held per buffered answer before it spills to a temporary file, in bytes")
    private Integer responseBufferBytes = 256 * 1024;
    @ConfigProperty(defaultValue = "1073741824", description = "The most one buffered answer spills to its temporary file, in bytes; "
            + "past it the program waits for the client (0: never spill)")
    private Long maxTempFileBytes = 1024L * 1024 * 1024;
    @ConfigProperty(defaultValue = "false", description = "Whether a program runs to its end when the client leaves (default: it is stopped)")
    private Boolean ignoreClientAbort = false;

    // FastCGI settings
    @ConfigProperty(defaultValue = "dynamic", description = "FastCGI: static (always maxWorkers), dynamic (start, min and max spare), "
            + "ondemand (workers only while requests need them)")
    private String processManager = "dynamic";
    @ConfigProperty(defaultValue = "2", description = "FastCGI, dynamic: workers started with the pool (PHP-FPM's pm.start_servers)")
    private Integer startWorkers = 2;
    @ConfigProperty(defaultValue = "1", description = "FastCGI, dynamic: idle workers kept ready")
    private Integer minSpareWorkers = 1;
    @ConfigProperty(defaultValue = "3", description = "FastCGI, dynamic: idle workers above this end at once")
    private Integer maxSpareWorkers = 3;
    @ConfigProperty(defaultValue = "10000", description = "FastCGI, dynamic and ondemand: an idle worker beyond the minimum ends after this, in ms")
    private Integer idleTimeoutMillis = 10000;
    @ConfigProperty(defaultValue = "0", description = "FastCGI: a worker is replaced after this many requests (0: never; PHP-FPM's pm.max_requests)")
    private Integer maxRequestsPerWorker = 0;
    @ConfigProperty(defaultValue = "0", description = "FastCGI: a worker is replaced after this long, plus up to 10% jitter, in ms (0: never)")
    private Long maxLifetimeMillis = 0L;
    @ConfigProperty(defaultValue = "10000", description = "FastCGI: longest a new worker may take to accept connections, in ms")
    private Integer startTimeoutMillis = 10000;
    @ConfigProperty(defaultValue = "", description = "FastCGI: if set, SCRIPT_FILENAME is the file under this directory that the path names")
    private String documentRoot = "";
    @ConfigProperty(defaultValue = "", description = "FastCGI: names of the server's environment variables passed to workers, comma-separated")
    private String passEnvironment = "";
    @ConfigProperty(defaultValue = "", description = "FastCGI, remote: worker addresses, comma-separated: unix:/path or host:port")
    private String addresses = "";
    @ConfigProperty(defaultValue = "1", description = "FastCGI, remote: failures within backendFailTimeoutMillis that take a backend out of rotation")
    private Integer backendMaxFails = 1;
    @ConfigProperty(defaultValue = "10000", description = "FastCGI, remote: how long a failed backend stays out of rotation, in ms")
    private Integer backendFailTimeoutMillis = 10000;
    @ConfigProperty(defaultValue = "1", description = "FastCGI, remote: connections procgate holds to one backend at most "
            + "(raise it for backends that serve several connections, such as PHP-FPM)")
    private Integer backendMaxConnections = 1;

    // CGI settings
    @ConfigProperty(defaultValue = "GET,HEAD,POST", description = "CGI: request methods a script may be called with, comma-separated (others: 405 with Allow)")
    private String allowedMethods = "GET,HEAD,POST";
    @ConfigProperty(defaultValue = "false", description = "CGI: whether a query string without '=' becomes the script's arguments (RFC 3875 section 4.4)")
    private Boolean searchArguments = false;
    @ConfigProperty(defaultValue = CgiSettings.DEFAULT_SEARCH_ARGUMENT_PATTERN, description = "CGI: every search argument must match this "
            + "regular expression (and not start with '-'), or none is passed")
    private String searchArgumentPattern = CgiSettings.DEFAULT_SEARCH_ARGUMENT_PATTERN;
    @ConfigProperty(defaultValue = "false", description = "CGI: whether scripts named nph-* may start their answer with an HTTP status line (still validated)")
    private Boolean nph = false;
    @ConfigProperty(defaultValue = "false", description = "CGI: on a 502 or 504, answer an HTML page with the script's stderr (development only)")
    private Boolean debug = false;
    @ConfigProperty(defaultValue = "0", description = "CGI: CPU seconds a script may use, through prlimit (0: no limit)")
    private Long cpuSeconds = 0L;
    @ConfigProperty(defaultValue = "0", description = "CGI: virtual memory of each script process in bytes, through prlimit (0: no limit)")
    private Long addressSpaceBytes = 0L;
    @ConfigProperty(defaultValue = "0", description = "CGI: process limit through prlimit; the kernel counts every process of the server's user id (0: no limit)")
    private Integer maxProcesses = 0;
    @ConfigProperty(defaultValue = "true", description = "CGI: each script in a session of its own, so a timeout or a stop ends every "
            + "process it started, daemonised ones included; false saves an exec of setsid per request, and then only the "
            + "script and the children still under it are ended")
    private Boolean ownSession = true;

    private transient ProcgateResourceAdapter resourceAdapter;
    private transient volatile ProgramPool pool;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new ProgramConnectionFactoryImpl(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new jakarta.resource.NotSupportedException("procgate runs only inside an application server");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new ProgramManagedConnection(this);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        // every managed connection of this factory reaches the same pool, so any one will do
        for (Object candidate : connections) {
            if (candidate instanceof ProgramManagedConnection connection && connection.factory() == this) {
                return connection;
            }
        }
        return null;
    }

    /** The pool this factory describes, opened in the adapter's registry on first use. */
    ProgramPool pool() throws ResourceException {
        ProgramPool opened = pool;
        if (opened != null) {
            return opened;
        }
        if (resourceAdapter == null) {
            throw new ResourceAdapterInternalException("connection factory " + poolName + " is not associated with the procgate adapter");
        }
        try {
            opened = resourceAdapter.registry().open(settings());
            pool = opened;
            return opened;
        } catch (ProgramException e) {
            throw new ResourceException(e.getMessage(), e);
        }
    }

    PoolSettings settings() throws ResourceException {
        try {
            return new PoolSettings(
                    poolName,
                    PoolKind.parse(kind),
                    CommandLine.split(CommandLine.expand(command)),
                    path(workingDirectory),
                    CommandLine.parseAssignments(environment),
                    maxWorkers,
                    Duration.ofMillis(borrowTimeoutMillis),
                    Duration.ofMillis(requestTimeoutMillis),
                    maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes, maxStderrBytes,
                    headerAllowList.isBlank() ? PoolSettings.ALL_HEADERS : Arrays.stream(headerAllowList.split(","))
                            .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toSet()),
                    passAuthorization,
                    Duration.ofMillis(shutdownGraceMillis),
                    Duration.ofMillis(slowRequestMillis),
                    fastCgiSettings(),
                    cgiSettings(),
                    new StreamingSettings(responseBuffering, responseBufferBytes, maxTempFileBytes, ignoreClientAbort));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new jakarta.resource.spi.InvalidPropertyException("procgate pool " + poolName + ": " + e.getMessage(), e);
        }
    }

    private FastCgiSettings fastCgiSettings() {
        return new FastCgiSettings(LaunchMode.parse(launch), list(addresses), ProcessManager.parse(processManager),
                startWorkers, minSpareWorkers, maxSpareWorkers, Duration.ofMillis(idleTimeoutMillis), maxRequestsPerWorker,
                Duration.ofMillis(maxLifetimeMillis), Duration.ofMillis(startTimeoutMillis), path(documentRoot),
                Set.copyOf(list(passEnvironment)), backendMaxFails, Duration.ofMillis(backendFailTimeoutMillis),
                backendMaxConnections);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(CommandLine.expand(commaSeparated).split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .collect(Collectors.toList());
    }

    private CgiSettings cgiSettings() {
        return new CgiSettings(path(scriptRoot), Set.of(allowedMethods.split(",")), searchArguments, searchArgumentPattern,
                nph, debug, cpuSeconds, addressSpaceBytes, maxProcesses, ownSession);
    }

    private static Path path(String text) {
        String expanded = CommandLine.expand(text);
        return expanded == null || expanded.isBlank() ? null : Path.of(expanded);
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.resourceAdapter = (ProcgateResourceAdapter) adapter;
    }

    // configuration properties: JavaBean accessors the container calls

    public String getPoolName() { return poolName; }
    public void setPoolName(String value) { poolName = value; }
    public String getKind() { return kind; }
    public void setKind(String value) { kind = value; }
    public String getCommand() { return command; }
    public void setCommand(String value) { command = value; }
    public String getLaunch() { return launch; }
    public void setLaunch(String value) { launch = value; }
    public String getScriptRoot() { return scriptRoot; }
    public void setScriptRoot(String value) { scriptRoot = value; }
    public String getWorkingDirectory() { return workingDirectory; }
    public void setWorkingDirectory(String value) { workingDirectory = value; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String value) { environment = value; }
    public Integer getMaxWorkers() { return maxWorkers; }
    public void setMaxWorkers(Integer value) { maxWorkers = value; }
    public Integer getBorrowTimeoutMillis() { return borrowTimeoutMillis; }
    public void setBorrowTimeoutMillis(Integer value) { borrowTimeoutMillis = value; }
    public Integer getRequestTimeoutMillis() { return requestTimeoutMillis; }
    public void setRequestTimeoutMillis(Integer value) { requestTimeoutMillis = value; }
    public Long getMaxRequestBodyBytes() { return maxRequestBodyBytes; }
    public void setMaxRequestBodyBytes(Long value) { maxRequestBodyBytes = value; }
    public Long getMaxResponseBytes() { return maxResponseBytes; }
    public void setMaxResponseBytes(Long value) { maxResponseBytes = value; }
    public Integer getMaxHeaderBytes() { return maxHeaderBytes; }
    public void setMaxHeaderBytes(Integer value) { maxHeaderBytes = value; }
    public Integer getMaxStderrBytes() { return maxStderrBytes; }
    public void setMaxStderrBytes(Integer value) { maxStderrBytes = value; }
    public String getHeaderAllowList() { return headerAllowList; }
    public void setHeaderAllowList(String value) { headerAllowList = value; }
    public Boolean getPassAuthorization() { return passAuthorization; }
    public void setPassAuthorization(Boolean value) { passAuthorization = value; }
    public Integer getShutdownGraceMillis() { return shutdownGraceMillis; }
    public void setShutdownGraceMillis(Integer value) { shutdownGraceMillis = value; }
    public Integer getSlowRequestMillis() { return slowRequestMillis; }
    public void setSlowRequestMillis(Integer value) { slowRequestMillis = value; }
    public Boolean getResponseBuffering() { return responseBuffering; }
    public void setResponseBuffering(Boolean value) { responseBuffering = value; }
    public Integer getResponseBufferBytes() { return responseBufferBytes; }
    public void setResponseBufferBytes(Integer value) { responseBufferBytes = value; }
    public Long getMaxTempFileBytes() { return maxTempFileBytes; }
    public void setMaxTempFileBytes(Long value) { maxTempFileBytes = value; }
    public Boolean getIgnoreClientAbort() { return ignoreClientAbort; }
    public void setIgnoreClientAbort(Boolean value) { ignoreClientAbort = value; }
    public String getAllowedMethods() { return allowedMethods; }
    public void setAllowedMethods(String value) { allowedMethods = value; }
    public Boolean getSearchArguments() { return searchArguments; }
    public void setSearchArguments(Boolean value) { searchArguments = value; }
    public String getSearchArgumentPattern() { return searchArgumentPattern; }
    public void setSearchArgumentPattern(String value) { searchArgumentPattern = value; }
    public Boolean getNph() { return nph; }
    public void setNph(Boolean value) { nph = value; }
    public Boolean getDebug() { return debug; }
    public void setDebug(Boolean value) { debug = value; }
    public Long getCpuSeconds() { return cpuSeconds; }
    public void setCpuSeconds(Long value) { cpuSeconds = value; }
    public Long getAddressSpaceBytes() { return addressSpaceBytes; }
    public void setAddressSpaceBytes(Long value) { addressSpaceBytes = value; }
    public Integer getMaxProcesses() { return maxProcesses; }
    public void setMaxProcesses(Integer value) { maxProcesses = value; }
    public Boolean getOwnSession() { return ownSession; }
    public void setOwnSession(Boolean value) { ownSession = value; }

    // FastCGI settings
    public String getProcessManager() { return processManager; }
    public void setProcessManager(String value) { processManager = value; }
    public Integer getStartWorkers() { return startWorkers; }
    public void setStartWorkers(Integer value) { startWorkers = value; }
    public Integer getMinSpareWorkers() { return minSpareWorkers; }
    public void setMinSpareWorkers(Integer value) { minSpareWorkers = value; }
    public Integer getMaxSpareWorkers() { return maxSpareWorkers; }
    public void setMaxSpareWorkers(Integer value) { maxSpareWorkers = value; }
    public Integer getIdleTimeoutMillis() { return idleTimeoutMillis; }
    public void setIdleTimeoutMillis(Integer value) { idleTimeoutMillis = value; }
    public Integer getMaxRequestsPerWorker() { return maxRequestsPerWorker; }
    public void setMaxRequestsPerWorker(Integer value) { maxRequestsPerWorker = value; }
    public Long getMaxLifetimeMillis() { return maxLifetimeMillis; }
    public void setMaxLifetimeMillis(Long value) { maxLifetimeMillis = value; }
    public Integer getStartTimeoutMillis() { return startTimeoutMillis; }
    public void setStartTimeoutMillis(Integer value) { startTimeoutMillis = value; }
    public String getDocumentRoot() { return documentRoot; }
    public void setDocumentRoot(String value) { documentRoot = value; }
    public String getPassEnvironment() { return passEnvironment; }
    public void setPassEnvironment(String value) { passEnvironment = value; }
    public String getAddresses() { return addresses; }
    public void setAddresses(String value) { addresses = value; }
    public Integer getBackendMaxFails() { return backendMaxFails; }
    public void setBackendMaxFails(Integer value) { backendMaxFails = value; }
    public Integer getBackendFailTimeoutMillis() { return backendFailTimeoutMillis; }
    public void setBackendFailTimeoutMillis(Integer value) { backendFailTimeoutMillis = value; }
    public Integer getBackendMaxConnections() { return backendMaxConnections; }
    public void setBackendMaxConnections(Integer value) { backendMaxConnections = value; }

    private List<Object> identity() {
        return Arrays.asList(poolName, kind, command, scriptRoot, workingDirectory, environment,
                maxWorkers, borrowTimeoutMillis, requestTimeoutMillis, maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes,
                maxStderrBytes, headerAllowList, passAuthorization, shutdownGraceMillis, slowRequestMillis,
                responseBuffering, responseBufferBytes, maxTempFileBytes, ignoreClientAbort,
                // FastCGI settings
                launch, processManager, startWorkers, minSpareWorkers, maxSpareWorkers, idleTimeoutMillis,
                maxRequestsPerWorker, maxLifetimeMillis, startTimeoutMillis, documentRoot, passEnvironment, addresses,
                backendMaxFails, backendFailTimeoutMillis, backendMaxConnections,
                // CGI settings
                allowedMethods, searchArguments, searchArgumentPattern, nph, debug, cpuSeconds, addressSpaceBytes,
                maxProcesses, ownSession);
    }

    @Override
    public boolean equals(Object other) {
        // the server compares its factory with itself on every allocation: answer that without building lists
        return other == this
                || other instanceof ProgramManagedConnectionFactory that && identity().equals(that.identity());
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity().toArray());
    }
}
