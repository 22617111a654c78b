package dev.vigil.app.runtime;

/** Starts one kind of {@link Component} against a ready platform. */
@FunctionalInterface
public interface ComponentFactory {
  Component start(RuntimeContext context);
}
