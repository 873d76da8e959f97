package org.ftp2sms.admin;

import liqp.TemplateParser;
import liquid.parser.v4.LiquidParser;
import liqp.org.antlr.v4.runtime.ParserRuleContext;
import liqp.org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The row variables a Liquid template reads: every name it looks up that the template does not define itself
 * (by {@code assign}, {@code capture}, a {@code for} or {@code tablerow} loop, or the loops' {@code forloop}
 * objects). Found on liqp's parse tree, so a name inside a string or a comment is not a variable.
 *
 * <p>This belongs with the template rules in message-rules; it lives here until that module's owner takes it.
 */
final class TemplateVariables {
    private static final TemplateParser PARSER = new TemplateParser.Builder().build();
    private static final Set<String> LOOP_OBJECTS = Set.of("forloop", "tablerowloop");

    /** A variable and the first line (1-based) it appears on. */
    record Variable(String name, int line) {
    }

    private TemplateVariables() {
    }

    /** The variables of a template that parses; in order of first appearance. */
    static List<Variable> of(String source) {
        Map<String, Variable> read = new LinkedHashMap<>();
        Set<String> defined = new HashSet<>(LOOP_OBJECTS);
        try {
            walk(PARSER.parse(source).getParseTree(), read, defined);
        } catch (RuntimeException e) {
            // A template that does not parse has no variables to check: its syntax error is reported instead.
            return List.of();
        }
        List<Variable> variables = new ArrayList<>();
        for (Variable v : read.values()) {
            if (!defined.contains(v.name())) {
                variables.add(v);
            }
        }
        return variables;
    }

    private static void walk(ParseTree node, Map<String, Variable> read, Set<String> defined) {
        if (node instanceof LiquidParser.Lookup_id_indexesContext lookup) {
            read.putIfAbsent(lookup.id().getText(), new Variable(lookup.id().getText(), line(lookup)));
        } else if (node instanceof LiquidParser.Lookup_IdContext lookup && lookup.Id() != null) {
            read.putIfAbsent(lookup.Id().getText(), new Variable(lookup.Id().getText(), line(lookup)));
        } else if (node instanceof LiquidParser.AssignmentContext assignment) {
            defined.add(assignment.id().getText());
        } else if (node instanceof LiquidParser.Capture_tag_IdContext capture) {
            defined.add(capture.id().getText());
        } else if (node instanceof LiquidParser.For_arrayContext loop) {
            defined.add(loop.id().getText());
        } else if (node instanceof LiquidParser.For_rangeContext loop) {
            defined.add(loop.id().getText());
        } else if (node instanceof LiquidParser.Table_tagContext table) {
            defined.add(table.id().getText());
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            walk(node.getChild(i), read, defined);
        }
    }

    private static int line(ParserRuleContext context) {
        return context.getStart() == null ? 0 : context.getStart().getLine();
    }
}
