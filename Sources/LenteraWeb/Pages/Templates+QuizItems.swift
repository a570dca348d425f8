/// The templates of quiz questions: one question of an open attempt with the controls of its kind, one question of a
/// review, and what stands inside a fill-in-the-blanks text (a blank's control, a blank's answer). Each is written on
/// one line (a `\` ends every line of the source): the controls sit between words, where a line break would show.
extension Templates {
    /// The templates of this area, by the names pages and partials use.
    static let quizItemTemplates: [String: String] = [
        "quizQuestion": quizQuestion, "quizOptionList": quizOptionList, "quizOption": quizOption, "quizGapControl": quizGapControl,
        "quizFeedback": quizFeedback, "quizReview": quizReview, "quizReviewValue": quizReviewValue, "quizGapAnswer": quizGapAnswer,
    ]

    /// A question of an open attempt: its number and points, its prompt, the controls of its kind (disabled once the
    /// answer is checked), "check this answer" under immediate feedback, and the verdict of a checked answer.
    static let quizQuestion = """
        <fieldset class="question" id="soal-{{id}}"><legend>{{labels.quizQuestion}} {{number}}\
        {{#points}} <span class="meta">({{.}} {{labels.quizPoints}})</span>{{/points}}</legend>\
        <input type="hidden" name="h:{{id}}" value="1"><div class="prompt">{{{promptHTML}}}</div>\
        {{#choiceLimit}}<p class="meta">{{.}}</p>{{/choiceLimit}}{{#hasChoices}}<div class="choices">{{#choices}}<label class="choice"><input type="{{type}}" name="{{name}}" value="{{value}}"\
        {{#checked}} checked{{/checked}}{{#locked}} disabled{{/locked}}> {{{textHTML}}}</label>{{/choices}}</div>{{/hasChoices}}\
        {{#textField}}<input type="text"{{#numeric}} inputmode="decimal"{{/numeric}} name="{{name}}" value="{{value}}" maxlength="{{maxLength}}" \
        aria-label="{{labels.quizYourAnswer}}"{{#locked}} disabled{{/locked}}>{{/textField}}\
        {{#matching}}{{>quizOptionList}}<table class="matching"><tbody>{{#rows}}<tr><td><label for="{{name}}">{{{premiseHTML}}}</label></td>\
        <td><select id="{{name}}" name="{{name}}"{{#locked}} disabled{{/locked}}><option value="">{{labels.quizChoose}}</option>\
        {{#options}}{{>quizOption}}{{/options}}</select></td></tr>{{/rows}}</tbody></table>{{/matching}}\
        {{#ordering}}{{>quizOptionList}}<ol class="ordering">{{#rows}}<li><label for="{{name}}">{{labels.quizPosition}}{{position}}</label> \
        <select id="{{name}}" name="{{name}}"{{#locked}} disabled{{/locked}}><option value="">{{labels.quizChoose}}</option>\
        {{#options}}{{>quizOption}}{{/options}}</select></li>{{/rows}}</ol>{{/ordering}}\
        {{#essay}}<textarea name="{{name}}" rows="8" maxlength="{{maxLength}}" aria-label="{{labels.quizYourAnswer}}"{{#locked}} disabled{{/locked}}>\
        {{value}}</textarea>{{/essay}}\
        {{#checkButton}}<p><button type="submit" name="aksi" value="periksa:{{id}}" class="secondary">{{labels.quizCheck}}</button></p>{{/checkButton}}\
        {{#feedback}}{{>quizFeedback}}{{/feedback}}</fieldset>
        """

    /// A matching or ordering question's options in full, lettered as in its selects: a select shows an option on one
    /// line only, here long texts wrap on a phone and keep their formatting.
    static let quizOptionList = """
        <div class="options"><p class="meta">{{labels.quizOptions}}</p><ol type="A">{{#listedHTML}}<li>{{{.}}}</li>{{/listedHTML}}</ol></div>
        """

    /// An option of a select, with its letter where the options are listed in full.
    static let quizOption = """
        <option value="{{value}}"{{#selected}} selected{{/selected}}>{{#letter}}{{.}}. {{/letter}}{{label}}</option>
        """

    /// A blank's control, where it stands in the text: named "Isian 1" for screen readers.
    static let quizGapControl = """
        {{^select}}<input type="text" class="gap" name="{{name}}" value="{{value}}" maxlength="200" aria-label="{{labels.quizGap}} {{number}}"\
        {{#locked}} disabled{{/locked}}>{{/select}}\
        {{#select}}<select class="gap" name="{{name}}" aria-label="{{labels.quizGap}} {{number}}"{{#locked}} disabled{{/locked}}>\
        <option value="">{{labels.quizChoose}}</option>{{#options}}{{>quizOption}}{{/options}}</select>{{/select}}
        """

    /// The verdict on an answer (or that a person grades it), then the author's feedback.
    static let quizFeedback = """
        {{#pending}}<p class="verdict pending">{{labels.quizEssayPending}}</p>{{/pending}}\
        {{^pending}}<p class="verdict {{outcome}}">{{outcomeText}} · {{earned}}/{{maximum}} {{labels.quizPoints}}</p>{{/pending}}\
        {{#notesHTML}}<div class="feedback">{{{.}}}</div>{{/notesHTML}}
        """

    /// A question of a review: the prompt, the learner's answer, the key (none for an essay), the verdict and feedback.
    static let quizReview = """
        <section class="question review" id="soal-{{id}}"><h3>{{labels.quizQuestion}} {{number}}</h3><div class="prompt">{{{promptHTML}}}</div>\
        {{#answerable}}<dl class="review-answer"><dt>{{labels.quizYourAnswer}}</dt><dd>{{#answer}}{{>quizReviewValue}}{{/answer}}</dd>\
        {{#key}}<dt>{{labels.quizCorrectAnswer}}</dt><dd>{{>quizReviewValue}}</dd>{{/key}}</dl>\
        {{#feedback}}{{>quizFeedback}}{{/feedback}}{{/answerable}}</section>
        """

    /// An answer or a key in words: "not answered", pieces on a line, a line per pair or blank, or a numbered list.
    static let quizReviewValue = """
        {{#none}}{{labels.quizNoAnswer}}{{/none}}\
        {{#partsHTML}}{{^first()}}{{{separator}}}{{/first()}}{{{.}}}{{/partsHTML}}\
        {{#texts}}{{^first()}}{{{separator}}}{{/first()}}{{.}}{{/texts}}\
        {{#lines}}{{^first()}}<br>{{/first()}}{{#blank}}{{labels.quizGap}} {{.}}: {{/blank}}{{#premiseHTML}}{{{.}}} → {{/premiseHTML}}\
        {{#value}}{{>quizReviewValue}}{{/value}}{{/lines}}\
        {{#hasOrdered}}<ol class="order">{{#orderedHTML}}<li>{{{.}}}</li>{{/orderedHTML}}</ol>{{/hasOrdered}}
        """

    /// A blank's answer in its place in the reviewed text: the answer, coloured, with ✓ ◐ or ✗ for the eye; "isian 1,
    /// jawaban Anda:", the answer and whether it was right for screen readers (never the blank's id).
    static let quizGapAnswer = """
        <span class="gap-answer {{outcome}}" data-isian="{{number}}"><span class="visually-hidden">{{spoken}} </span>\
        {{#answered}}{{{givenHTML}}}{{/answered}}{{^answered}}{{labels.quizNoAnswer}}{{/answered}}\
        <span aria-hidden="true"> {{mark}}</span><span class="visually-hidden"> ({{outcomeText}})</span></span>
        """
}
