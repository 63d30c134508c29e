package org.procgate.connector.jca;

import static org.procgate.connector.settings.PoolSetting.*;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;

import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.settings.PoolSetting;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.PoolSettingsReader;

/**
 * One pool, described by configuration properties: one per {@link PoolSetting}, given as text
 * and read by {@link PoolSettingsReader}, so a wrong value is refused with the same message on
 * every server.
 */
@ConnectionDefinition(
        connectionFactory = ProgramConnectionFactory.class,
        connectionFactoryImpl = ProgramConnectionFactoryImpl.class,
        connection = ProgramConnection.class,
        connectionImpl = ProgramConnectionHandle.class)
public class ProgramManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        TransactionSupport {

    private static final long serialVersionUID = 1L;

    /** The properties the server set, by setting; a blank value counts as not set. */
    private final Map<PoolSetting, String> values = new EnumMap<>(PoolSetting.class);

    private transient ProcgateResourceAdapter resourceAdapter;
    private transient volatile ProgramPool pool;
    /** The requiredRoles setting, read once; null until then. */
    private transient volatile Set<String> requiredRoles;
    /** The properties set, by name, made once; null until then. */
    private transient volatile Map<String, String> definition;
    /** The registry's mark for this factory, given when the factory was associated with the adapter; none: -1. */
    private transient volatile long mark = -1;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new ProgramConnectionFactoryImpl(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new NotSupportedException("procgate runs only inside an application server");
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
            throw new ResourceAdapterInternalException("connection factory " + get(POOL_NAME) + " is not associated with the procgate adapter");
        }
        settings(); // a wrong value is refused here, as the property it is
        try {
            opened = resourceAdapter.registry().open(definition());
            pool = opened;
            return opened;
        } catch (ProgramException e) {
            throw new ResourceException(e.getMessage(), e);
        }
    }

    /** The roles of which a caller must have one (empty: anyone), read from the definition once, without opening the pool. */
    Set<String> requiredRoles() throws ResourceException {
        Set<String> roles = requiredRoles;
        if (roles == null) {
            roles = settings().requiredRoles();
            requiredRoles = roles;
        }
        return roles;
    }

    PoolSettings settings() throws ResourceException {
        try {
            return PoolSettingsReader.read(definition());
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
    }

    /** Programs take no part in transactions, whatever a pool definition leaves out: the server never enlists a connection. */
    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.NoTransaction;
    }

    /** The properties the server set, by name: the pool's definition as text. */
    private Map<String, String> definition() {
        Map<String, String> made = definition;
        if (made == null) {
            Map<String, String> byName = new LinkedHashMap<>();
            values.forEach((setting, value) -> byName.put(setting.property(), value));
            made = Collections.unmodifiableMap(byName);
            definition = made;
        }
        return made;
    }

    /**
     * Whether the server has made a factory for this pool since this one, with other properties
     * (see {@link #setResourceAdapter}); false while the factory is not associated with a running adapter.
     */
    boolean replaced() {
        ProcgateResourceAdapter adapter = resourceAdapter;
        if (adapter == null || mark < 0) {
            return false;
        }
        try {
            return adapter.registry().replaced(definition(), mark);
        } catch (ResourceException notStarted) {
            return false;
        }
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

    /**
     * Associates the factory with the adapter. A factory the server makes again for a pool, with
     * other properties (an operator changed the pool with the server's own tooling), reloads the pool
     * there and then if it is open, and {@linkplain #replaced replaces} the factories made before:
     * their connections still reach the same pool, now with the new settings, until the application
     * looks the pool up again and gets this one.
     */
    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.resourceAdapter = (ProcgateResourceAdapter) adapter;
        if (resourceAdapter != null && values.containsKey(POOL_NAME)) {
            try {
                mark = resourceAdapter.registry().factoryMade(definition());
            } catch (ResourceException notStarted) {
                // no pool is open yet
            }
        }
    }

    // configuration properties: JavaBean accessors the container calls, one pair per PoolSetting
    // (FactoryPropertiesTest checks that they match); the values are read by PoolSettingsReader

    // every pool
    @ConfigProperty
    public void setPoolName(String value) { set(POOL_NAME, value); }
    public String getPoolName() { return get(POOL_NAME); }
    @ConfigProperty
    public void setKind(String value) { set(KIND, value); }
    public String getKind() { return get(KIND); }
    @ConfigProperty
    public void setCommand(String value) { set(COMMAND, value); }
    public String getCommand() { return get(COMMAND); }
    @ConfigProperty
    public void setWorkingDirectory(String value) { set(WORKING_DIRECTORY, value); }
    public String getWorkingDirectory() { return get(WORKING_DIRECTORY); }
    @ConfigProperty
    public void setEnvironment(String value) { set(ENVIRONMENT, value); }
    public String getEnvironment() { return get(ENVIRONMENT); }
    @ConfigProperty
    public void setUser(String value) { set(USER, value); }
    public String getUser() { return get(USER); }
    @ConfigProperty
    public void setGroup(String value) { set(GROUP, value); }
    public String getGroup() { return get(GROUP); }
    @ConfigProperty
    public void setMaxWorkers(String value) { set(MAX_WORKERS, value); }
    public String getMaxWorkers() { return get(MAX_WORKERS); }
    @ConfigProperty
    public void setBorrowTimeoutMillis(String value) { set(BORROW_TIMEOUT_MILLIS, value); }
    public String getBorrowTimeoutMillis() { return get(BORROW_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setRequestTimeoutMillis(String value) { set(REQUEST_TIMEOUT_MILLIS, value); }
    public String getRequestTimeoutMillis() { return get(REQUEST_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setMaxRequestBodyBytes(String value) { set(MAX_REQUEST_BODY_BYTES, value); }
    public String getMaxRequestBodyBytes() { return get(MAX_REQUEST_BODY_BYTES); }
    @ConfigProperty
    public void setMaxResponseBytes(String value) { set(MAX_RESPONSE_BYTES, value); }
    public String getMaxResponseBytes() { return get(MAX_RESPONSE_BYTES); }
    @ConfigProperty
    public void setMaxHeaderBytes(String value) { set(MAX_HEADER_BYTES, value); }
    public String getMaxHeaderBytes() { return get(MAX_HEADER_BYTES); }
    @ConfigProperty
    public void setMaxStderrBytes(String value) { set(MAX_STDERR_BYTES, value); }
    public String getMaxStderrBytes() { return get(MAX_STDERR_BYTES); }
    @ConfigProperty
    public void setHeaderAllowList(String value) { set(HEADER_ALLOW_LIST, value); }
    public String getHeaderAllowList() { return get(HEADER_ALLOW_LIST); }
    @ConfigProperty
    public void setRequiredRoles(String value) { set(REQUIRED_ROLES, value); }
    public String getRequiredRoles() { return get(REQUIRED_ROLES); }
    @ConfigProperty
    public void setPassAuthorization(String value) { set(PASS_AUTHORIZATION, value); }
    public String getPassAuthorization() { return get(PASS_AUTHORIZATION); }
    @ConfigProperty
    public void setDrainTimeoutMillis(String value) { set(DRAIN_TIMEOUT_MILLIS, value); }
    public String getDrainTimeoutMillis() { return get(DRAIN_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setOptional(String value) { set(OPTIONAL, value); }
    public String getOptional() { return get(OPTIONAL); }
    @ConfigProperty
    public void setShutdownGraceMillis(String value) { set(SHUTDOWN_GRACE_MILLIS, value); }
    public String getShutdownGraceMillis() { return get(SHUTDOWN_GRACE_MILLIS); }
    @ConfigProperty
    public void setSlowRequestMillis(String value) { set(SLOW_REQUEST_MILLIS, value); }
    public String getSlowRequestMillis() { return get(SLOW_REQUEST_MILLIS); }
    @ConfigProperty
    public void setResponseBuffering(String value) { set(RESPONSE_BUFFERING, value); }
    public String getResponseBuffering() { return get(RESPONSE_BUFFERING); }
    @ConfigProperty
    public void setResponseBufferBytes(String value) { set(RESPONSE_BUFFER_BYTES, value); }
    public String getResponseBufferBytes() { return get(RESPONSE_BUFFER_BYTES); }
    @ConfigProperty
    public void setMaxTempFileBytes(String value) { set(MAX_TEMP_FILE_BYTES, value); }
    public String getMaxTempFileBytes() { return get(MAX_TEMP_FILE_BYTES); }
    @ConfigProperty
    public void setIgnoreClientAbort(String value) { set(IGNORE_CLIENT_ABORT, value); }
    public String getIgnoreClientAbort() { return get(IGNORE_CLIENT_ABORT); }
    @ConfigProperty
    public void setSendfileRoot(String value) { set(SENDFILE_ROOT, value); }
    public String getSendfileRoot() { return get(SENDFILE_ROOT); }

    // FastCGI pools
    @ConfigProperty
    public void setLaunch(String value) { set(LAUNCH, value); }
    public String getLaunch() { return get(LAUNCH); }
    @ConfigProperty
    public void setProcessManager(String value) { set(PROCESS_MANAGER, value); }
    public String getProcessManager() { return get(PROCESS_MANAGER); }
    @ConfigProperty
    public void setStartWorkers(String value) { set(START_WORKERS, value); }
    public String getStartWorkers() { return get(START_WORKERS); }
    @ConfigProperty
    public void setMinSpareWorkers(String value) { set(MIN_SPARE_WORKERS, value); }
    public String getMinSpareWorkers() { return get(MIN_SPARE_WORKERS); }
    @ConfigProperty
    public void setMaxSpareWorkers(String value) { set(MAX_SPARE_WORKERS, value); }
    public String getMaxSpareWorkers() { return get(MAX_SPARE_WORKERS); }
    @ConfigProperty
    public void setIdleTimeoutMillis(String value) { set(IDLE_TIMEOUT_MILLIS, value); }
    public String getIdleTimeoutMillis() { return get(IDLE_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setMaxRequestsPerWorker(String value) { set(MAX_REQUESTS_PER_WORKER, value); }
    public String getMaxRequestsPerWorker() { return get(MAX_REQUESTS_PER_WORKER); }
    @ConfigProperty
    public void setMaxWorkerMemoryBytes(String value) { set(MAX_WORKER_MEMORY_BYTES, value); }
    public String getMaxWorkerMemoryBytes() { return get(MAX_WORKER_MEMORY_BYTES); }
    @ConfigProperty
    public void setMaxLifetimeMillis(String value) { set(MAX_LIFETIME_MILLIS, value); }
    public String getMaxLifetimeMillis() { return get(MAX_LIFETIME_MILLIS); }
    @ConfigProperty
    public void setStartTimeoutMillis(String value) { set(START_TIMEOUT_MILLIS, value); }
    public String getStartTimeoutMillis() { return get(START_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setDocumentRoot(String value) { set(DOCUMENT_ROOT, value); }
    public String getDocumentRoot() { return get(DOCUMENT_ROOT); }
    @ConfigProperty
    public void setPassEnvironment(String value) { set(PASS_ENVIRONMENT, value); }
    public String getPassEnvironment() { return get(PASS_ENVIRONMENT); }
    @ConfigProperty
    public void setAddresses(String value) { set(ADDRESSES, value); }
    public String getAddresses() { return get(ADDRESSES); }
    @ConfigProperty
    public void setBackendMaxFails(String value) { set(BACKEND_MAX_FAILS, value); }
    public String getBackendMaxFails() { return get(BACKEND_MAX_FAILS); }
    @ConfigProperty
    public void setBackendFailTimeoutMillis(String value) { set(BACKEND_FAIL_TIMEOUT_MILLIS, value); }
    public String getBackendFailTimeoutMillis() { return get(BACKEND_FAIL_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setBackendMaxConnections(String value) { set(BACKEND_MAX_CONNECTIONS, value); }
    public String getBackendMaxConnections() { return get(BACKEND_MAX_CONNECTIONS); }
    @ConfigProperty
    public void setResolveIntervalMillis(String value) { set(RESOLVE_INTERVAL_MILLIS, value); }
    public String getResolveIntervalMillis() { return get(RESOLVE_INTERVAL_MILLIS); }
    @ConfigProperty
    public void setHealthCheck(String value) { set(HEALTH_CHECK, value); }
    public String getHealthCheck() { return get(HEALTH_CHECK); }
    @ConfigProperty
    public void setHealthCheckIntervalMillis(String value) { set(HEALTH_CHECK_INTERVAL_MILLIS, value); }
    public String getHealthCheckIntervalMillis() { return get(HEALTH_CHECK_INTERVAL_MILLIS); }
    @ConfigProperty
    public void setHealthCheckTimeoutMillis(String value) { set(HEALTH_CHECK_TIMEOUT_MILLIS, value); }
    public String getHealthCheckTimeoutMillis() { return get(HEALTH_CHECK_TIMEOUT_MILLIS); }
    @ConfigProperty
    public void setHealthCheckFall(String value) { set(HEALTH_CHECK_FALL, value); }
    public String getHealthCheckFall() { return get(HEALTH_CHECK_FALL); }
    @ConfigProperty
    public void setHealthCheckRise(String value) { set(HEALTH_CHECK_RISE, value); }
    public String getHealthCheckRise() { return get(HEALTH_CHECK_RISE); }
    @ConfigProperty
    public void setAffinity(String value) { set(AFFINITY, value); }
    public String getAffinity() { return get(AFFINITY); }

    // CGI pools
    @ConfigProperty
    public void setScriptRoot(String value) { set(SCRIPT_ROOT, value); }
    public String getScriptRoot() { return get(SCRIPT_ROOT); }
    @ConfigProperty
    public void setAllowedMethods(String value) { set(ALLOWED_METHODS, value); }
    public String getAllowedMethods() { return get(ALLOWED_METHODS); }
    @ConfigProperty
    public void setSearchArguments(String value) { set(SEARCH_ARGUMENTS, value); }
    public String getSearchArguments() { return get(SEARCH_ARGUMENTS); }
    @ConfigProperty
    public void setSearchArgumentPattern(String value) { set(SEARCH_ARGUMENT_PATTERN, value); }
    public String getSearchArgumentPattern() { return get(SEARCH_ARGUMENT_PATTERN); }
    @ConfigProperty
    public void setNph(String value) { set(NPH, value); }
    public String getNph() { return get(NPH); }
    @ConfigProperty
    public void setDebug(String value) { set(DEBUG, value); }
    public String getDebug() { return get(DEBUG); }
    @ConfigProperty
    public void setCpuSeconds(String value) { set(CPU_SECONDS, value); }
    public String getCpuSeconds() { return get(CPU_SECONDS); }
    @ConfigProperty
    public void setAddressSpaceBytes(String value) { set(ADDRESS_SPACE_BYTES, value); }
    public String getAddressSpaceBytes() { return get(ADDRESS_SPACE_BYTES); }
    @ConfigProperty
    public void setMaxProcesses(String value) { set(MAX_PROCESSES, value); }
    public String getMaxProcesses() { return get(MAX_PROCESSES); }
    @ConfigProperty
    public void setOwnSession(String value) { set(OWN_SESSION, value); }
    public String getOwnSession() { return get(OWN_SESSION); }
    @ConfigProperty
    public void setAccelerator(String value) { set(ACCELERATOR, value); }
    public String getAccelerator() { return get(ACCELERATOR); }
    @ConfigProperty
    public void setPreload(String value) { set(PRELOAD, value); }
    public String getPreload() { return get(PRELOAD); }

    private void set(PoolSetting setting, String value) {
        requiredRoles = null;
        definition = null;
        if (value == null || value.isBlank()) {
            values.remove(setting);
        } else {
            values.put(setting, value);
        }
    }

    /** The value set, else the default: what a server shows as the property's current value. */
    private String get(PoolSetting setting) {
        return values.getOrDefault(setting, setting.defaultValue().orElse(""));
    }

    @Override
    public boolean equals(Object other) {
        // the server compares its factory with itself on every allocation: answer that without building lists
        return other == this
                || other instanceof ProgramManagedConnectionFactory that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
