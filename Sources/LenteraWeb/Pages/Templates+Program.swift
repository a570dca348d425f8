extension Templates {
    /// The operator's program pages.
    static let programTemplates: [String: String] = ["programList": programList, "programReport": programReport]

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
        <p><a href="{{csvHref}}">{{labels.programParticipantsCSV}}</a></p>
        {{^hasUnits}}<p class="empty">{{labels.programNoLearners}}</p>{{/hasUnits}}
        {{#hasUnits}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.programEnrolled}}</th><th scope="col">{{labels.programOnTrack}}</th><th scope="col">{{labels.programLate}}</th><th scope="col">{{labels.programCompleted}}</th><th scope="col">{{labels.programJP}}</th></tr></thead><tbody>
        {{#units}}<tr><td>{{#drillHref}}<a href="{{drillHref}}">{{name}}</a>{{/drillHref}}{{^drillHref}}{{name}}{{/drillHref}}</td><td>{{enrolled}}</td><td>{{onTrack}}</td><td{{#hasLate}} class="bad"{{/hasLate}}>{{late}}</td><td>{{completed}}</td><td>{{jp}}</td></tr>{{/units}}
        {{#total}}<tr><th scope="row">{{name}}</th><td>{{enrolled}}</td><td>{{onTrack}}</td><td>{{late}}</td><td>{{completed}}</td><td>{{jp}}</td></tr>{{/total}}
        </tbody></table>{{/hasUnits}}
        {{/content}}{{/layout}}
        """
}
