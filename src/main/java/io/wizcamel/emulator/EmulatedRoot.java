package io.wizcamel.emulator;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One root field of the emulated Wiz API (issuesV2, projects, ...). Its types live in
 * {@code emulator/schema/<schemaFile>}, which extends {@code type Query} with the field.
 */
public interface EmulatedRoot {

    /** The Query field it answers, e.g. {@code vulnerabilityFindings}. */
    String field();

    /** The service-account scope Wiz asks for; a token without it is refused with UNAUTHORIZED. */
    String scope();

    /** The SDL file under {@code emulator/schema/} that declares the field and its types. */
    String schemaFile();

    /** Writes the field's value (the generator is positioned after the response key). */
    void write(RootCall call, JsonGenerator g) throws IOException, BadInput;
}
