package io.qrfleet.gateway;

import io.qrfleet.common.test.TestServices;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The slice for SQL: JDBC, Flyway's migrations and Jackson, against the real PostgreSQL in a schema
 * of the context's own; no web server, broker or storage. Each test runs in a transaction that is
 * rolled back. Import the repository under test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@ContextConfiguration(initializers = TestServices.Initializer.class)
public @interface DatabaseSlice {}
