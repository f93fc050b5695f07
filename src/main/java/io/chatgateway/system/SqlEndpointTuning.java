package io.chatgateway.system;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.component.sql.SqlHelper;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Takes two avoidable costs out of every camel-sql call. Without a parameter count, camel-sql asks the driver
 * for the statement's parameter metadata on each call, which pgjdbc answers with an extra round trip that also
 * makes PostgreSQL parse and plan the statement again (measured: two parses and a fresh plan per query). And it
 * rewrites the {@code :#name} query into JDBC {@code ?} form with a newly compiled regular expression on each
 * call. Both results depend only on the query text, so they are computed once per endpoint / query here.
 * Queries with {@code :#in:} parameters (expanded per exchange) are left to camel-sql's defaults.
 */
@Component
public class SqlEndpointTuning implements CamelContextConfiguration {

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        EndpointStrategy tuning = (uri, endpoint) -> tune(camelContext, endpoint);
        camelContext.getCamelContextExtension().registerEndpointCallback(tuning);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }

    private static Endpoint tune(CamelContext camelContext, Endpoint endpoint) {
        if (endpoint instanceof SqlEndpoint sql && !sql.isBatch() && sql.getParametersCount() == 0) {
            try {
                String query = SqlHelper.resolveQuery(camelContext, sql.getQuery(),
                        sql.isUsePlaceholder() ? sql.getPlaceholder() : null);
                if (!query.contains(":#in:")) {
                    CachingPrepareStatementStrategy strategy = new CachingPrepareStatementStrategy();
                    String prepared = strategy.prepareQuery(query, sql.isAllowNamedParameters(), null);
                    sql.setPrepareStatementStrategy(strategy);
                    sql.setParametersCount((int) prepared.chars().filter(c -> c == '?').count());
                }
            } catch (Exception e) {
                throw new IllegalStateException("Cannot read the SQL of " + endpoint.getEndpointUri(), e);
            }
        }
        return endpoint;
    }

    /** camel-sql's own query rewriting, remembered per query text. */
    static class CachingPrepareStatementStrategy extends DefaultSqlPrepareStatementStrategy {

        private final Map<String, String> prepared = new ConcurrentHashMap<>();

        @Override
        public String prepareQuery(String query, boolean allowNamedParameters, Exchange exchange) throws SQLException {
            String cached = prepared.get(query);
            if (cached == null) {
                cached = super.prepareQuery(query, allowNamedParameters, exchange);
                prepared.put(query, cached);
            }
            return cached;
        }
    }
}
