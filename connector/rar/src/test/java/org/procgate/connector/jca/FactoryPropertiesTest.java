package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;

import org.junit.jupiter.api.Test;
import org.procgate.connector.settings.PoolSetting;

/** The connection factory's properties are exactly the pool settings, and are read by their one definition. */
class FactoryPropertiesTest {

    /** Property name to its setter, for every setter the server sees as a configuration property. */
    private static Map<String, Method> configProperties() {
        return Arrays.stream(ProgramManagedConnectionFactory.class.getMethods())
                .filter(m -> m.isAnnotationPresent(ConfigProperty.class))
                .collect(Collectors.toMap(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4),
                        m -> m, (a, b) -> a, TreeMap::new));
    }

    @Test
    void everySettingIsAConfigPropertyAndNothingElseIs() {
        assertThat(configProperties().keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(PoolSetting.values()).map(PoolSetting::property).toList());
        assertThat(configProperties().values()).allSatisfy(setter -> {
            assertThat(setter.getName()).startsWith("set");
            assertThat(setter.getParameterTypes()).containsExactly(String.class);
        });
    }

    @Test
    void anUnsetPropertyShowsItsDefaultAndASetOneItsValue() throws Exception {
        ProgramManagedConnectionFactory factory = new ProgramManagedConnectionFactory();
        for (PoolSetting setting : PoolSetting.values()) {
            Method getter = ProgramManagedConnectionFactory.class.getMethod("get" + capitalized(setting.property()));
            assertThat(getter.invoke(factory)).as(setting.property()).isEqualTo(setting.defaultValue().orElse(""));
        }
        factory.setMaxWorkers("7");
        assertThat(factory.getMaxWorkers()).isEqualTo("7");
        factory.setMaxWorkers(" ");
        assertThat(factory.getMaxWorkers()).as("blank is not set").isEqualTo("5");
    }

    @Test
    void aWrongValueIsRefusedNamingThePoolAndTheProperty() {
        ProgramManagedConnectionFactory factory = new ProgramManagedConnectionFactory();
        factory.setPoolName("search");
        factory.setCommand("/bin/true");
        factory.setMaxWorkers("four");
        InvalidPropertyException refused = catchThrowableOfType(InvalidPropertyException.class, factory::settings);
        assertThat(refused).hasMessage("pool search: maxWorkers must be a whole number, not 'four'");
    }

    @Test
    void factoriesWithTheSameValuesAreEqual() {
        ProgramManagedConnectionFactory one = new ProgramManagedConnectionFactory();
        ProgramManagedConnectionFactory two = new ProgramManagedConnectionFactory();
        one.setPoolName("p");
        two.setPoolName("p");
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        two.setMaxWorkers("9");
        assertThat(one).isNotEqualTo(two);
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
