package io.qrfleet.gateway.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.WebContentInterceptor;

/**
 * Job records, batches and images may hold a secret (a Wi-Fi password, a private URL): no API
 * answer is stored at all unless it says otherwise. Only images do: a job's image is private, a
 * code by URL public unless it holds a secret.
 */
@Configuration(proxyBeanMethods = false)
class CachingConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        WebContentInterceptor interceptor = new WebContentInterceptor();
        interceptor.setCacheControl(CacheControl.noStore().cachePrivate());
        registry.addInterceptor(interceptor)
                .addPathPatterns("/api/**", "/v1/**")
                .excludePathPatterns("/api/docs/**", "/api/swagger-ui/**", "/api/openapi.json/**");
    }
}
