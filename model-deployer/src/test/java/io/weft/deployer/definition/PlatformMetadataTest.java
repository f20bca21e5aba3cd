package io.weft.deployer.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.deployer.ModelFolders;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformMetadataTest {

    private final PackagedDefinition sales = new DefinitionPackager(PackagingLimits.DEFAULT)
            .pack(DefinitionFormat.TMDL, ModelFolders.files(ModelFolders.SALES_TMDL));

    @Test
    void stampsTheFinalNameAndDescriptionAndKeepsTheRest() throws Exception {
        PackagedDefinition stamped = PlatformMetadata.stamp(sales, "Sales_20261121T100000Z", "Sales [weft:created-by:j]");

        JsonNode platform = new ObjectMapper().readTree(Base64.getDecoder().decode(stamped.parts().stream()
                .filter(p -> p.path().equals(".platform")).findFirst().orElseThrow().payload()));
        assertThat(platform.at("/metadata/displayName").asText()).isEqualTo("Sales_20261121T100000Z");
        assertThat(platform.at("/metadata/description").asText()).isEqualTo("Sales [weft:created-by:j]");
        assertThat(platform.at("/config/logicalId").asText()).isEqualTo("3f1c2a7e-5b9d-4e21-9c1a-0d6f7e8b9a10");
        assertThat(stamped.parts()).hasSameSizeAs(sales.parts());
    }

    @Test
    void readsTheAuthorsDescription() {
        assertThat(PlatformMetadata.description(sales)).contains("Sales by customer and product");
    }

    @Test
    void withoutPlatformNothingChanges() {
        PackagedDefinition tmsl = new DefinitionPackager(PackagingLimits.DEFAULT)
                .pack(DefinitionFormat.TMSL, ModelFolders.files(ModelFolders.INVENTORY_TMSL));

        assertThat(PlatformMetadata.stamp(tmsl, "Inventory", "x")).isEqualTo(tmsl);
        assertThat(PlatformMetadata.description(tmsl)).isEmpty();
    }
}
