package io.chatgateway.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI 3 document of every REST DSL route, built by camel-openapi-java. Served by our own route rather
 * than the rest configuration's api-context-path because Camel's processor names the server after the bind
 * address (http://0.0.0.0); the API is served from wherever the document was fetched, so the server is "/".
 */
@Component("openApiDocument")
public class OpenApiDocument {

    private final RestOpenApiSupport support = new RestOpenApiSupport();

    public String render(Exchange exchange) throws Exception {
        CamelContext context = exchange.getContext();
        BeanConfig config = new BeanConfig();
        support.initOpenApi(config, context.getRestConfiguration().getApiProperties());
        OpenAPI document = new RestOpenApiReader().read(context, support.getRestDefinitions(context), config,
                context.getName(), context.getClassResolver());
        document.setServers(List.of(new Server().url("/")));
        return RestOpenApiSupport.getJsonFromOpenAPIAsString(document, config);
    }
}
