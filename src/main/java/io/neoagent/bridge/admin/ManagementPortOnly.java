package io.neoagent.bridge.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller that belongs to the management port only. The application's component scan leaves these
 * out (see {@code LeadBridgeApplication}); {@link AdminManagementConfiguration} creates them in the management
 * context. Without it, a {@code @RestController} here would be picked up by the scan and served on the public
 * webhook port as well.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ManagementPortOnly {}
