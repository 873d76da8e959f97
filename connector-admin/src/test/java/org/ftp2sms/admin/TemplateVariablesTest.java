package org.ftp2sms.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateVariablesTest {
    @Test
    void findsTheRowVariablesWithTheirLineButNotWhatTheTemplateDefines() {
        String template = """
                Hi {{ first_name | capitalize }},
                {% assign greeting = 'hello' %}{% if vip %}{{ greeting }} {{ code }}{% endif %}
                {% for i in (1..2) %}{{ i }}{{ forloop.index }}{% endfor %}{% capture x %}{{ city }}{% endcapture %}{{ x }}
                {{ 'not_a_variable' }}""";

        assertThat(TemplateVariables.of(template)).containsExactly(
                new TemplateVariables.Variable("first_name", 1),
                new TemplateVariables.Variable("vip", 2),
                new TemplateVariables.Variable("code", 2),
                new TemplateVariables.Variable("city", 3));
    }
}
