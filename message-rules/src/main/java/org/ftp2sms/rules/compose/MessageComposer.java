package org.ftp2sms.rules.compose;

import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.rules.sms.SmsLayout;
import org.ftp2sms.rules.sms.SmsLayouts;
import org.ftp2sms.rules.template.TemplateCache;
import org.ftp2sms.rules.template.TemplateException;

import java.util.Map;

/**
 * A row's message: the template rendered over its columns, then the SMS rules. The renderer and the admin preview
 * both call this, so a preview is exactly what will be sent. Leading and trailing white space of the rendered text
 * is dropped: it is never meant to be sent (a template's final newline, for instance) and it costs characters.
 */
public final class MessageComposer {
    private MessageComposer() {
    }

    public static Composition compose(String template, int maxParts, Map<String, String> columns) {
        String text;
        try {
            text = TemplateCache.shared().get(template).render(columns).strip();
        } catch (TemplateException e) {
            return new Composition.Refused(StatusCode.TEMPLATE_ERROR, e.getMessage());
        }
        if (text.isEmpty()) {
            return new Composition.Refused(StatusCode.EMPTY_MESSAGE, "the message is empty once the template is filled in");
        }
        SmsLayout layout = SmsLayouts.of(text);
        if (layout.parts() > maxParts) {
            return new Composition.Refused(StatusCode.MESSAGE_PARTS_EXCEEDED,
                    "the message takes " + layout.parts() + " SMS parts (" + layout.units() + " " + layout.encoding()
                            + " characters), more than the " + maxParts + " allowed");
        }
        return new Composition.Composed(text, layout);
    }
}
