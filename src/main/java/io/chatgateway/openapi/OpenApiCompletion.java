package io.chatgateway.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.chatgateway.auth.AuthCookie;
import io.chatgateway.auth.VerbRoles;
import io.chatgateway.generation.SyncEvent;
import io.chatgateway.openai.ChatCompletionChunk;
import io.chatgateway.relay.DoneEvent;
import io.chatgateway.relay.ErrorEvent;
import io.chatgateway.relay.MessageEvent;
import io.chatgateway.relay.StatusEvent;
import io.chatgateway.system.ErrorBody;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * What camel-openapi-java cannot say from the REST DSL alone, added to its document:
 * <ul>
 * <li>the two ways to authenticate (the {@code access_token} cookie, or the same JWT as a bearer token) as security
 *     schemes; each operation's declared role ({@code security: [{key: role, ...}]}) becomes {@code x-role}, and
 *     public operations say {@code security: []};</li>
 * <li>the error body {@code {detail, errors[]}} on every 4xx/5xx response (OpenAI's error object and the API key
 * scheme under /v1);</li>
 * <li>further schemas that appear in no verb's type (e.g. the SSE events), from {@link #EXTRA_SCHEMAS};</li>
 * <li>defaults of integer parameters as numbers (the REST DSL only has string defaults);</li>
 * <li>the multipart body of upload verbs, and "any value" for the values of free-form objects.</li>
 * </ul>
 */
final class OpenApiCompletion {

    static final String COOKIE_SCHEME = "cookieAuth";
    static final String BEARER_SCHEME = "bearerAuth";
    static final String ERROR_SCHEMA = "ErrorBody";
    /** The /v1 API's error body and key: OpenAI's shape and a team API key, not the session. */
    static final String OPENAI_ERROR_SCHEMA = "OpenAiError";
    static final String API_KEY_SCHEME = "apiKeyAuth";
    static final String OPENAI_PATHS = "/v1/";

    /** Schemas documented although no verb names them as type/outType: the error body and the SSE events. */
    static final List<Class<?>> EXTRA_SCHEMAS = List.of(ErrorBody.class, StatusEvent.class, MessageEvent.class,
            DoneEvent.class, ErrorEvent.class, SyncEvent.class, ChatCompletionChunk.class);
    static final List<String> EVENT_SCHEMAS = List.of("StatusEvent", "MessageEvent", "DoneEvent", "ErrorEvent", "SyncEvent");

    private OpenApiCompletion() {
    }

    static void complete(OpenAPI document, Set<String> multipartUploads, Set<String> eventStreams) {
        Components components = document.getComponents() == null ? new Components() : document.getComponents();
        document.setComponents(components);
        addSchemas(components, EXTRA_SCHEMAS);
        components.addSecuritySchemes(COOKIE_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name(AuthCookie.NAME)
                .description("The session cookie set by /api/auth/login and /api/auth/register (httpOnly, SameSite=Strict)"));
        components.addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT").description("The same token as the cookie, for non-browser clients"));
        components.addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("cgw_...").description("A team API key (POST /api/team/api-keys): /v1 only"));
        components.addSchemas(OPENAI_ERROR_SCHEMA, openAiError());
        document.setSecurity(List.of(new SecurityRequirement().addList(COOKIE_SCHEME),
                new SecurityRequirement().addList(BEARER_SCHEME)));
        if (document.getPaths() == null) {
            return;
        }
        components.getSchemas().values().forEach(OpenApiCompletion::anyValueForObject);
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            boolean openAi = path.getKey().startsWith(OPENAI_PATHS);
            for (Operation operation : path.getValue().readOperations()) {
                if (multipartUploads.contains(operation.getOperationId())) {
                    describeUpload(operation);
                }
                declareRole(operation);
                if (openAi) {
                    operation.setSecurity(List.of(new SecurityRequirement().addList(API_KEY_SCHEME)));
                }
                if (eventStreams.contains(operation.getOperationId())) {
                    if (openAi) {
                        describeChunks(operation);
                    } else {
                        describeEvents(operation);
                    }
                }
                moveOutTypeToDeclaredSuccess(operation);
                describeErrors(operation, openAi ? OPENAI_ERROR_SCHEMA : ERROR_SCHEMA);
                fixIntegerDefaults(operation);
            }
        }
    }

    /**
     * camel-openapi-java switches swagger-core's shared type name resolver to fully qualified names (and shortens them
     * itself): schemas added here are named by simple name, as Camel names the verbs' types.
     */
    private static synchronized void addSchemas(Components components, List<Class<?>> types) {
        boolean fullyQualified = TypeNameResolver.std.getUseFqn();
        TypeNameResolver.std.setUseFqn(false);
        try {
            for (Class<?> type : types) {
                ModelConverters.getInstance().readAll(type).forEach(components::addSchemas);
            }
        } finally {
            TypeNameResolver.std.setUseFqn(fullyQualified);
        }
    }

    private static void declareRole(Operation operation) {
        String role = null;
        if (operation.getSecurity() != null) {
            for (SecurityRequirement requirement : operation.getSecurity()) {
                List<String> scopes = requirement.get(VerbRoles.KEY);
                if (scopes != null && !scopes.isEmpty()) {
                    role = scopes.get(0);
                }
            }
        }
        // "public" overrides the document's default with no requirement at all; others inherit the default
        operation.setSecurity("public".equals(role) ? new ArrayList<>() : null);
        if (role != null) {
            operation.addExtension("x-role", role);
        }
    }

    /** A multipart upload of one file in the field {@code file} (the REST DSL has no way to say so). */
    private static void describeUpload(Operation operation) {
        Schema<Object> form = new ObjectSchema().addProperty("file", new StringSchema().format("binary")).addRequiredItem("file");
        operation.setRequestBody(new RequestBody().required(true)
                .content(new Content().addMediaType("multipart/form-data", new MediaType().schema(form))));
    }

    /**
     * A free-form JSON object ({@code Map<String, Object>}) comes out of swagger-core with values of type object;
     * its values may be anything.
     */
    @SuppressWarnings("rawtypes")
    private static void anyValueForObject(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Object value : schema.getProperties().values()) {
            Schema property = (Schema) value;
            if (property.getAdditionalProperties() instanceof Schema values
                    && "java.lang.Object".equals(values.getExtensions() == null ? null : values.getExtensions().get("x-className"))) {
                property.setAdditionalProperties(new Schema<>());
            }
        }
    }

    /** The events of an SSE response: one JSON object per {@code data:} line, one of the event schemas. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void describeEvents(Operation operation) {
        ApiResponse ok = operation.getResponses().get("200");
        if (ok.getContent() == null) {
            ok.setContent(new Content());
        }
        Content content = ok.getContent();
        content.putIfAbsent("text/event-stream", new MediaType());
        ComposedSchema event = new ComposedSchema();
        EVENT_SCHEMAS.forEach(name -> event.addOneOfItem(new Schema<>().$ref("#/components/schemas/" + name)));
        event.setDescription("Each event: \"id: <generation_id>:<seq>\", one \"data:\" line with one of these, a blank line");
        content.get("text/event-stream").setSchema((Schema) event);
    }

    /** The chunks of a streamed OpenAI completion: {@code data:} lines only, then {@code data: [DONE]}. */
    private static void describeChunks(Operation operation) {
        ApiResponse ok = operation.getResponses().get("200");
        if (ok.getContent() == null) {
            ok.setContent(new Content());
        }
        ok.getContent().put("text/event-stream", new MediaType().schema(new Schema<>()
                .$ref("#/components/schemas/" + ChatCompletionChunk.class.getSimpleName())
                .description("Each event: one \"data:\" line with a chunk and a blank line; the last is \"data: [DONE]\"")));
    }

    /** OpenAI's error object: {@code {"error": {"message", "type", "param", "code"}}}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema openAiError() {
        ObjectSchema error = new ObjectSchema();
        error.addProperty("message", new StringSchema());
        error.addProperty("type", new StringSchema().description("invalid_request_error, server_error, rate_limit_exceeded..."));
        error.addProperty("param", new StringSchema().nullable(true).description("The request field at fault"));
        error.addProperty("code", new StringSchema().nullable(true).description("invalid_api_key, model_not_found..."));
        ObjectSchema body = new ObjectSchema();
        body.addProperty("error", error);
        return body;
    }

    /**
     * camel-openapi-java puts a verb's outType under a "200 OK" of its own; a verb that answers 201 or 202 declares
     * that status instead, and the body belongs there.
     */
    private static void moveOutTypeToDeclaredSuccess(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        ApiResponse generated = operation.getResponses().get("200");
        for (String status : List.of("201", "202")) {
            ApiResponse declared = operation.getResponses().get(status);
            if (generated != null && declared != null && declared.getContent() == null && "OK".equals(generated.getDescription())) {
                declared.setContent(generated.getContent());
                operation.getResponses().remove("200");
                return;
            }
        }
    }

    private static void describeErrors(Operation operation, String schema) {
        if (operation.getResponses() == null) {
            return;
        }
        for (Map.Entry<String, ApiResponse> entry : operation.getResponses().entrySet()) {
            ApiResponse response = entry.getValue();
            if (entry.getKey().matches("[45]\\d\\d") && response.getContent() == null) {
                response.setContent(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fixIntegerDefaults(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            Schema schema = parameter.getSchema();
            if (schema != null && "integer".equals(schema.getType()) && schema.getDefault() instanceof String text) {
                schema.setDefault(Integer.valueOf(text));
            }
        }
    }
}
