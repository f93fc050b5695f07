package io.chatgateway.system;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.postgresql.util.PGobject;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Jackson settings shared by Spring and Camel (camel-jackson discovers Spring's ObjectMapper). */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    /**
     * Request records bind strictly: a number or boolean where a string is expected (or a string where a
     * boolean or number is) is the client's mistake, refused with a 422 naming the field, not silently converted.
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictScalarBinding() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Integer)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        });
    }

    /** Jackson's buffers from one pool, not per (virtual) thread: see {@link JsonBuffers}. */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer pooledBuffers() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setRecyclerPool(JsonBuffers.POOL));
    }

    /** jsonb columns arrive from JDBC as PGobject: write their JSON text as it is. */
    @Bean
    public Module postgresJsonModule() {
        SimpleModule module = new SimpleModule("postgres-json");
        module.addSerializer(PGobject.class, new StdSerializer<>(PGobject.class) {
            @Override
            public void serialize(PGobject value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                if (value.getValue() == null) {
                    generator.writeNull();
                } else {
                    generator.writeRawValue(value.getValue());
                }
            }
        });
        return module;
    }
}
