package io.inbox.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;

/**
 * Makes the generated OpenAPI document name the paths clients really call. The API keeps the Django REST
 * framework's trailing slashes ({@code /api/me/}), which the generator drops; this filter
 * ({@code mp.openapi.filter}) puts them back.
 */
public class OpenApiPaths implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> withSlash = new LinkedHashMap<>();
        paths.getPathItems().forEach((path, item) -> withSlash.put(path.endsWith("/") ? path : path + "/", item));
        Paths rewritten = OASFactory.createPaths();
        withSlash.forEach(rewritten::addPathItem);
        openAPI.setPaths(rewritten);
    }
}
