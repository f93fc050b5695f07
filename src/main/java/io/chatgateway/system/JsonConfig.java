package io.chatgateway.system;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.postgresql.util.PGobject;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Jackson settings shared by Spring and Camel (camel-jackson discovers Spring's ObjectMapper). */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

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
