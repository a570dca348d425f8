extension Templates {
    /// The operator's program pages.
    static let programTemplates: [String: String] = [
        "programList": programList, "programReport": programReport, "programEvaluation": programEvaluation, "followUpForm": followUpForm,
    ]

    /// The programs that target the operator's learners.
    static let programList = """
        {{<layout}}{{$content}}
        <h1>{{labels.programListTitle}}</h1>
        <p class="lead">{{labels.programListIntro}}</p>
        {{^hasPrograms}}<p class="empty">{{labels.noData}}</p>{{/hasPrograms}}
        {{#hasPrograms}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.programListTitle}}</th><th scope="col">{{labels.programPeriod}}</th><th scope="col">{{labels.programTarget}}</th><th scope="col">{{labels.programActivity}}</th></tr></thead><tbody>
        {{#programs}}<tr><td><a href="{{href}}">{{title}}</a></td><td>{{period}}</td><td>{{target}}</td><td>{{activities}}</td></tr>{{/programs}}
        </tbody></table>{{/hasPrograms}}
        {{/content}}{{/layout}}
        """

    /// One program's progress by unit, for the operator's scope.
    static let programReport = """
        {{<layout}}{{$content}}
        <h1>{{title}}</h1>
        <p class="lead">{{goal}}</p>
        <dl class="facts"><div><dt>{{labels.programPeriod}}</dt><dd>{{period}}</dd></div><div><dt>{{labels.programTarget}}</dt><dd>{{target}}</dd></div></dl>
        <h2>{{labels.programActivitiesTitle}}</h2>
        <table class="status" tabindex="0"><thead><tr><th scope="col">{{labels.programActivity}}</th><th scope="col">{{labels.programDeadline}}</th></tr></thead><tbody>
        {{#activities}}<tr><td>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}{{title}}{{/href}} <span class="meta">({{requirement}})</span></td><td>{{deadline}}</td></tr>{{/activities}}
        </tbody></table>
        <h2>{{labels.programEnrolled}}</h2>
        <p>{{intro}}</p>
        {{#upHref}}<p><a href="{{upHref}}">{{labels.drillUp}}</a></p>{{/upHref}}
        <p><a href="{{csvHref}}">{{labels.programParticipantsCSV}}</a> · <a href="{{evaluationHref}}">{{labels.evaluationTitle}}</a></p>
        {{^hasUnits}}<p class="empty">{{labels.programNoLearners}}</p>{{/hasUnits}}
        {{#hasUnits}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.programEnrolled}}</th><th scope="col">{{labels.programOnTrack}}</th><th scope="col">{{labels.programLate}}</th><th scope="col">{{labels.programCompleted}}</th><th scope="col">{{labels.programJP}}</th></tr></thead><tbody>
        {{#units}}<tr><td>{{#drillHref}}<a href="{{drillHref}}">{{name}}</a>{{/drillHref}}{{^drillHref}}{{name}}{{/drillHref}}</td><td>{{enrolled}}</td><td>{{onTrack}}</td><td{{#hasLate}} class="bad"{{/hasLate}}>{{late}}</td><td>{{completed}}</td><td>{{jp}}</td></tr>{{/units}}
        {{#total}}<tr><th scope="row">{{name}}</th><td>{{enrolled}}</td><td>{{onTrack}}</td><td>{{late}}</td><td>{{completed}}</td><td>{{jp}}</td></tr>{{/total}}
        </tbody></table>{{/hasUnits}}
        {{/content}}{{/layout}}
        """

    /// A program's evaluation (Kirkpatrick levels 1 and 2), printable.
    static let programEvaluation = """
        {{<layout}}{{$content}}
        <p class="no-print"><button type="button" data-print hidden>{{labels.printPage}}</button> <a href="{{csvHref}}">{{labels.downloadCSV}}</a></p>
        <h1>{{labels.evaluationTitle}}: {{title}}</h1>
        <p class="lead">{{period}}</p>
        <p>{{intro}}</p>
        <h2>{{labels.evaluationParticipation}}</h2>
        <p>{{labels.programEnrolled}}: <strong>{{enrolled}}</strong> · {{labels.programCompleted}}: <strong>{{completed}}</strong> · {{labels.programJP}}: <strong>{{jp}}</strong></p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.programEnrolled}}</th><th scope="col">{{labels.programCompleted}}</th><th scope="col">{{labels.programJP}}</th></tr></thead><tbody>
        {{#units}}<tr><td>{{name}}</td><td>{{enrolled}}</td><td>{{completed}}</td><td>{{jp}}</td></tr>{{/units}}
        </tbody></table>
        <h2>{{labels.evaluationLevels}}</h2>
        <p class="meta">{{labels.evaluationLevelsIntro}}</p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.programActivity}}</th><th scope="col">{{labels.evaluationDone}}</th><th scope="col">{{labels.evaluationResponses}}</th><th scope="col">{{labels.evaluationRelevance}}</th><th scope="col">{{labels.evaluationLearners}}</th><th scope="col">{{labels.evaluationPre}}</th><th scope="col">{{labels.evaluationPost}}</th><th scope="col">{{labels.evaluationGain}}</th></tr></thead><tbody>
        {{#activities}}<tr><td>{{title}}</td><td>{{done}}</td><td>{{responses}}</td><td>{{relevance}}</td><td>{{learners}}</td><td>{{pre}}</td><td>{{post}}</td><td>{{gain}}</td></tr>{{/activities}}
        {{#program}}<tr><th scope="row">{{title}}</th><td>{{done}}</td><td>{{responses}}</td><td>{{relevance}}</td><td>{{learners}}</td><td>{{pre}}</td><td>{{post}}</td><td>{{gain}}</td></tr>{{/program}}
        </tbody></table>
        <h2>{{labels.evaluationBehaviour}}</h2>
        {{^behaviour}}<p class="empty">{{labels.evaluationBehaviourNone}}</p>{{/behaviour}}
        {{#behaviour}}<p class="meta">{{intro}}</p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.evaluationAsked}}</th><th scope="col">{{labels.evaluationAnswered}}</th><th scope="col">{{labels.evaluationRating}}</th><th scope="col">{{labels.evaluationSupervisorAnswered}}</th><th scope="col">{{labels.evaluationSupervisorRating}}</th></tr></thead><tbody>
        {{#units}}<tr><td>{{name}}</td><td>{{asked}}</td><td>{{answers}}</td><td>{{rating}}</td><td>{{supervisorAnswers}}</td><td>{{supervisorRating}}</td></tr>{{/units}}
        {{#total}}<tr><th scope="row">{{name}}</th><td>{{asked}}</td><td>{{answers}}</td><td>{{rating}}</td><td>{{supervisorAnswers}}</td><td>{{supervisorRating}}</td></tr>{{/total}}
        </tbody></table>{{/behaviour}}
        <h2>{{labels.evaluationUnfit}}</h2>
        {{^hasUnfit}}<p class="empty">{{labels.noData}}</p>{{/hasUnfit}}
        {{#hasUnfit}}<ul>{{#unfit}}<li><strong>{{activity}}</strong>: {{text}}</li>{{/unfit}}</ul>{{/hasUnfit}}
        {{/content}}{{/layout}}
        """

    /// A learner's follow-up of a program: one question on a scale, and a comment.
    static let followUpForm = """
        {{<layout}}{{$content}}
        <h1>{{labels.followUpTitle}}</h1>
        <p class="lead">{{programTitle}}</p>
        {{#about}}<p class="meta">{{labels.followUpAbout}} {{about}}</p>{{/about}}
        {{#saved}}<p class="done" role="status">{{labels.followUpSaved}}</p>{{/saved}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
        {{#action}}<form method="post" action="{{action}}" class="needs"><input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="question"><legend>{{question}}</legend>
        {{#options}}<label for="nilai-{{value}}"><input type="radio" id="nilai-{{value}}" name="nilai" value="{{value}}" required{{#checked}} checked{{/checked}}> {{label}}</label>{{/options}}
        </fieldset>
        <label for="komentar">{{labels.followUpComment}}</label>
        <textarea id="komentar" name="komentar" rows="4" maxlength="{{commentLimit}}">{{comment}}</textarea>
        <button type="submit">{{labels.followUpSend}}</button></form>{{/action}}
        <p><a href="/beranda">{{labels.home}}</a></p>
        {{/content}}{{/layout}}
        """
}
