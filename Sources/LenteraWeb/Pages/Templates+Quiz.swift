/// The templates of quizzes: a learner's quiz, attempt and result, and the staff's results, item statistics and essay
/// grading.
extension Templates {
    /// The templates of this area, by the names pages and partials use.
    static let quizTemplates: [String: String] = [
        "quizIntro": quizIntro, "quizAttempt": quizAttempt, "quizResult": quizResult, "quizReports": quizReports,
        "quizItemStatistics": quizItemStatistics, "quizGrading": quizGrading,
    ]

    /// A quiz: its facts, the button to start or go on, and the learner's attempts.
    static let quizIntro = """
        {{<layout}}{{$content}}
        <div class="narrow quiz">
        <p class="meta"><a href="{{courseHref}}">{{courseTitle}}</a></p>
        <h1>{{{titleHTML}}}</h1>
        {{#introduction}}<div class="prompt">{{{introduction}}}</div>{{/introduction}}
        <dl class="facts">
        <div><dt>{{labels.quizQuestions}}</dt><dd>{{questions}}</dd></div>
        <div><dt>{{labels.quizTimeLimit}}</dt><dd>{{#timeLimit}}{{timeLimit}}{{/timeLimit}}{{^timeLimit}}{{labels.quizNoTimeLimit}}{{/timeLimit}}</dd></div>
        <div><dt>{{labels.quizAttemptsAllowed}}</dt><dd>{{used}} / {{attemptsAllowed}}</dd></div>
        <div><dt>{{labels.quizPassingScore}}</dt><dd>{{passingScore}}%</dd></div>
        {{#closes}}<div><dt>{{labels.quizCloses}}</dt><dd>{{closes}}</dd></div>{{/closes}}
        </dl>
        {{#completes}}<p>{{labels.quizCompletesModule}} <a href="{{href}}">{{title}}</a>.</p>{{/completes}}
        {{#continueHref}}<p><a class="button" href="{{continueHref}}">{{labels.quizContinue}}</a></p>{{/continueHref}}
        {{#canStart}}<form method="post" action="{{startAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{labels.quizStart}}</button></form>{{/canStart}}
        {{#closed}}<p class="notice">{{labels.quizClosed}}</p>{{/closed}}
        {{#noAttemptsLeft}}<p class="notice">{{labels.quizNoAttemptsLeft}}</p>{{/noAttemptsLeft}}
        {{#hasAttempts}}<h2>{{labels.quizYourAttempts}}</h2>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.quizAttempt}}</th><th scope="col">{{labels.quizStarted}}</th><th scope="col">{{labels.quizState}}</th><th scope="col">{{labels.quizScore}}</th><th scope="col"><span class="visually-hidden">{{labels.actionsColumn}}</span></th></tr></thead><tbody>
        {{/hasAttempts}}{{#attempts}}<tr><td>{{number}}</td><td>{{started}}</td><td>{{state}}</td><td>{{score}} {{#passedText}}<span class="{{#passed}}done{{/passed}}{{^passed}}fail{{/passed}}">{{passedText}}</span>{{/passedText}}</td><td><a href="{{href}}">{{#score}}{{labels.quizResult}}{{/score}}{{^score}}{{labels.quizContinue}}{{/score}}</a></td></tr>{{/attempts}}{{#hasAttempts}}
        </tbody></table>{{/hasAttempts}}
        </div>
        {{/content}}{{/layout}}
        """

    /// An open attempt: the questions as one form, saved, checked or submitted; counted down where there is a limit.
    static let quizAttempt = """
        {{<layout}}{{$content}}
        <div class="narrow quiz">
        <p class="meta"><a href="{{quizHref}}">{{title}}</a> · {{labels.quizAttempt}} {{number}}</p>
        <h1>{{{titleHTML}}}</h1>
        {{#deadline}}<p class="countdown" id="hitung-mundur" data-deadline="{{deadline}}" data-remaining="{{remaining}}">{{labels.quizDeadline}} {{deadlineText}}. <span class="meta">{{labels.quizTimeLeft}}: <strong data-sisa>{{remainingText}}</strong></span></p>{{/deadline}}
        {{#saved}}<p class="done" role="status">{{labels.quizSaved}}</p>{{/saved}}
        {{#numberProblem}}<p class="alert" role="alert">{{numberProblem}}</p>{{/numberProblem}}
        <form method="post" action="{{action}}" class="quiz-form" data-autosave="1">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#questions}}{{>quizQuestion}}{{/questions}}
        <p class="quiz-actions"><button type="submit" name="aksi" value="simpan" class="secondary">{{labels.quizSave}}</button>
        <button type="submit" name="aksi" value="kumpulkan">{{labels.quizSubmit}}</button> <span class="meta">{{labels.quizSubmitConfirm}}</span>
        <span class="meta" data-status-simpan role="status" data-saved="{{labels.quizAutosaved}}" data-offline="{{labels.quizAutosaveOffline}}" data-failed="{{labels.quizAutosaveFailed}}"></span></p>
        </form>
        </div>
        {{/content}}{{/layout}}
        """

    /// A submitted attempt: the score, what it completed or leads to, and the review when the quiz shows one.
    static let quizResult = """
        {{<layout}}{{$content}}
        <div class="narrow quiz">
        <p class="meta"><a href="{{quizHref}}">{{title}}</a> · {{labels.quizAttempt}} {{number}}</p>
        <h1>{{labels.quizResult}}: {{{titleHTML}}}</h1>
        <p class="score">{{labels.quizScore}}: <strong>{{score}}/{{maximum}}</strong> ({{percent}}%) · {{labels.quizPassingScore}} {{passingScore}}%</p>
        {{#passed}}<p class="done">{{labels.quizPassed}}</p>{{/passed}}{{#failed}}<p class="fail">{{labels.quizFailed}}</p>{{/failed}}
        {{#pending}}<p class="notice">{{labels.quizScorePending}}</p>{{/pending}}
        {{#expired}}<p class="notice">{{labels.quizTimedOut}}</p>{{/expired}}
        {{#completes}}<p class="done">{{labels.quizModuleCompleted}}: <a href="{{href}}">{{title}}</a></p>{{/completes}}
        {{#nextModule}}<div class="next-step"><p>{{labels.quizPreTestDone}}</p><p><a class="button" href="{{href}}">{{labels.startCourse}}: {{title}}</a></p></div>{{/nextModule}}
        {{#reviewLater}}<p class="notice">{{labels.quizReviewLater}}</p>{{/reviewLater}}
        {{#reviewOff}}<p class="notice">{{labels.quizReviewOff}}</p>{{/reviewOff}}
        {{#showsReview}}<h2>{{labels.quizReview}}</h2>{{#review}}{{>quizReview}}{{/review}}{{/showsReview}}
        <p><a href="{{quizHref}}">{{labels.quizBackToQuiz}}</a></p>
        </div>
        {{/content}}{{/layout}}
        """

    /// The training office's results of a course's quizzes per learner, and the learning gain from pre-test to post-test.
    static let quizReports = """
        {{<layout}}{{$content}}
        <h1>{{labels.quizResultsTitle}}: {{courseTitle}}</h1>
        {{#gain}}<h2>{{labels.quizLearningGain}}</h2>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.quizPre}}</th><th scope="col">{{labels.quizPost}}</th><th scope="col">{{labels.quizLearners}}</th><th scope="col">{{labels.quizAveragePre}}</th><th scope="col">{{labels.quizAveragePost}}</th><th scope="col">{{labels.quizGain}}</th><th scope="col">{{labels.quizNormalizedGain}}</th></tr></thead><tbody>
        <tr><td>{{pre}}</td><td>{{post}}</td><td>{{learners}}</td><td>{{averagePre}}</td><td>{{averagePost}}</td><td>{{gain}}</td><td>{{normalized}}</td></tr>
        </tbody></table>{{/gain}}
        {{#quizzes}}<h2>{{title}}</h2>
        <p><a href="{{csvHref}}">{{labels.downloadCSV}}</a>{{#statsHref}} · <a href="{{statsHref}}">{{labels.quizItemStats}}</a>{{/statsHref}}</p>
        {{#hasRows}}<table class="status report" tabindex="0"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.quizAttemptsUsed}}</th><th scope="col">{{labels.quizBest}}</th><th scope="col">{{labels.quizPassed}}</th></tr></thead><tbody>
        {{/hasRows}}{{#rows}}<tr><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{attempts}}</td><td>{{best}}</td><td>{{passedText}}</td></tr>{{/rows}}{{#hasRows}}
        </tbody></table>{{/hasRows}}{{^rows}}<p>{{labels.quizNoResults}}</p>{{/rows}}
        {{/quizzes}}
        {{/content}}{{/layout}}
        """

    /// An author's statistics of a quiz's questions: how many answered each, its difficulty and discrimination, and the
    /// choices picked. The quiz's own text comes escaped (`…HTML`).
    static let quizItemStatistics = """
        {{<layout}}{{$content}}
        <h1>{{labels.quizItemStats}}: {{{quizTitleHTML}}}</h1>\
        <p class="meta">{{{courseTitleHTML}}} · <a href="{{csvHref}}">{{labels.downloadCSV}}</a></p>\
        {{^rows}}<p>{{labels.quizNoResults}}</p>{{/rows}}\
        <table class="status report" tabindex="0"><thead><tr>\
        <th scope="col">{{labels.quizQuestion}}</th><th scope="col">{{labels.quizResponses}}</th><th scope="col">{{labels.quizDifficulty}}</th>\
        <th scope="col">{{labels.quizDiscrimination}}</th><th scope="col">{{labels.quizChoicePicks}}</th>\
        </tr></thead><tbody>\
        {{#rows}}<tr><td><code>{{{idHTML}}}</code> {{{labelHTML}}}</td><td>{{responses}}</td><td>{{difficulty}}</td><td>{{discrimination}}</td>\
        <td>{{#picks}}{{^first()}}<br>{{/first()}}{{{labelHTML}}}{{#correct}} ✓{{/correct}}: {{picked}}{{/picks}}</td></tr>{{/rows}}\
        </tbody></table>
        {{/content}}{{/layout}}
        """

    /// The essays waiting for a grade, each with its question, the answer and a form for the points.
    static let quizGrading = """
        {{<layout}}{{$content}}
        <h1>{{labels.quizGrading}}</h1>
        {{^essays}}<p>{{labels.quizGradingNone}}</p>{{/essays}}
        {{#essays}}<section class="question review"><h2>{{quizTitle}} · {{learner}}</h2>
        <div class="prompt">{{{prompt}}}</div>
        <blockquote class="essay">{{#answerLines}}{{^first()}}<br>{{/first()}}{{.}}{{/answerLines}}</blockquote>
        <form method="post" action="{{action}}"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>{{labels.quizScore}} (0–{{maximum}}) <input type="text" inputmode="decimal" name="poin" required></label>
        <button type="submit">{{labels.quizGrade}}</button></form></section>{{/essays}}
        {{/content}}{{/layout}}
        """
}
