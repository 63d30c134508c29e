package org.procgate.platform.boundary;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Bean Validation failures on request parameters: 400 naming each field as the client wrote it, and the reason. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> field(v) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return Problem.of(ProblemType.INVALID_PARAMETER, 400, detail).forRequest(RequestId.of(request)).toResponse();
    }

    /**
     * The request parameter's own name ({@code limit}), read from its {@code @QueryParam} or
     * similar; validators report method parameters as {@code arg1} unless compiled otherwise.
     */
    static String field(ConstraintViolation<?> violation) {
        String method = null;
        String last = null;
        String parameterName = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.getName();
            } else if (node.getKind() == ElementKind.PARAMETER && method != null) {
                parameterName = annotatedName(violation.getRootBeanClass(), method,
                        node.as(Path.ParameterNode.class).getParameterIndex());
            } else if (node.getKind() == ElementKind.PROPERTY && violation.getLeafBean() != null) {
                // a field of a @BeanParam class: its own @QueryParam names it
                String name = annotatedFieldName(violation.getLeafBean().getClass(), node.getName());
                if (name != null) {
                    return name;
                }
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                last = node.getName();
            }
        }
        return parameterName != null ? parameterName : last;
    }

    private static String annotatedFieldName(Class<?> type, String fieldName) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(fieldName);
                for (Annotation annotation : field.getAnnotations()) {
                    String name = paramName(annotation);
                    if (name != null) {
                        return name;
                    }
                }
                return null;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return null;
    }

    private static String paramName(Annotation annotation) {
        if (annotation instanceof QueryParam q) {
            return q.value();
        } else if (annotation instanceof PathParam p) {
            return p.value();
        } else if (annotation instanceof HeaderParam h) {
            return h.value();
        } else if (annotation instanceof FormParam f) {
            return f.value();
        }
        return null;
    }

    private static String annotatedName(Class<?> type, String methodName, int index) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(methodName) && index < method.getParameterCount()) {
                for (Annotation annotation : method.getParameterAnnotations()[index]) {
                    String name = paramName(annotation);
                    if (name != null) {
                        return name;
                    }
                }
            }
        }
        return null;
    }
}
