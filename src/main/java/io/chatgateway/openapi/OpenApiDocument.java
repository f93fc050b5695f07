package io.chatgateway.openapi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI 3 document of every REST DSL route, built by camel-openapi-java and completed by
 * {@link OpenApiCompletion} (security schemes from the verbs' role declarations, error bodies, event schemas).
 * Served by our own route rather than the rest configuration's api-context-path because Camel's processor names the
 * server after the bind address (http://0.0.0.0); the API is served from wherever the document was fetched, so the
 * server is "/". Built once: the REST model does not change while the service runs.
 */
@Component("openApiDocument")
public class OpenApiDocument {

    private final RestOpenApiSupport support = new RestOpenApiSupport();
    private volatile String rendered;

    public String render(Exchange exchange) throws Exception {
        String document = rendered;
        if (document == null) {
            document = build(exchange.getContext());
            rendered = document;
        }
        return document;
    }

    /** The operation ids of verbs that take (or produce) the media type. */
    private static Set<String> verbs(CamelContext context, String mediaType, boolean consumes) {
        Set<String> ids = new HashSet<>();
        for (RestDefinition rest : context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String types = consumes ? verb.getConsumes() : verb.getProduces();
                if (types != null && types.contains(mediaType)) {
                    ids.add(verb.getId());
                }
            }
        }
        return ids;
    }

    private String build(CamelContext context) throws Exception {
        BeanConfig config = new BeanConfig();
        support.initOpenApi(config, context.getRestConfiguration().getApiProperties());
        OpenAPI document = new RestOpenApiReader().read(context, support.getRestDefinitions(context), config,
                context.getName(), context.getClassResolver());
        document.setServers(List.of(new Server().url("/")));
        OpenApiCompletion.complete(document, verbs(context, "multipart/form-data", true), verbs(context, "text/event-stream", false));
        return RestOpenApiSupport.getJsonFromOpenAPIAsString(document, config);
    }
}
