package org.procgate.platform.boundary;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Bean Validation failures on request parameters: 400 naming each field as the client wrote it, and the reason. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> field(v) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return Problem.of(400, detail).toResponse();
    }

    /**
     * The request parameter's own name ({@code limit}), read from its {@code @QueryParam} or
     * similar; validators report method parameters as {@code arg1} unless compiled otherwise.
     */
    static String field(ConstraintViolation<?> violation) {
        String method = null;
        String last = null;
        for (Path.Node node : violation.getPropertyPath()) {
            last = node.getName();
            if (node.getKind() == ElementKind.METHOD) {
                method = node.getName();
            } else if (node.getKind() == ElementKind.PARAMETER && method != null) {
                String name = annotatedName(violation.getRootBeanClass(), method,
                        node.as(Path.ParameterNode.class).getParameterIndex());
                if (name != null) {
                    return name;
                }
            }
        }
        return last;
    }

    private static String annotatedName(Class<?> type, String methodName, int index) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(methodName) && index < method.getParameterCount()) {
                for (Annotation annotation : method.getParameterAnnotations()[index]) {
                    if (annotation instanceof QueryParam q) {
                        return q.value();
                    } else if (annotation instanceof PathParam p) {
                        return p.value();
                    } else if (annotation instanceof HeaderParam h) {
                        return h.value();
                    } else if (annotation instanceof FormParam f) {
                        return f.value();
                    }
                }
            }
        }
        return null;
    }
}
