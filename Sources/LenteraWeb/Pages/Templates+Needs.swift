extension Templates {
    /// Needs analysis: the operator's surveys and gap matrix, the learner's form.
    static let needsTemplates: [String: String] = ["needsList": needsList, "needsMatrix": needsMatrix, "needsForm": needsForm]

    static let needsList = """
        {{<layout}}{{$content}}
        <h1>{{labels.needsTitle}}</h1>
        <p class="lead">{{labels.needsIntro}}</p>
        {{#dictionaryMissing}}<p class="notice">{{labels.needsNoDictionary}}</p>{{/dictionaryMissing}}
        <h2>{{labels.needsOpenTitle}}</h2>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/operator/kebutuhan" class="stacked"><input type="hidden" name="csrf" value="{{csrf}}">
        <label for="judul">{{labels.needsSurveyTitle}}</label> <input id="judul" name="judul" value="{{title}}" required>
        <label for="unit">{{labels.needsUnit}}</label> <input id="unit" name="unit" value="{{unit}}" required>
        <label for="tutup">{{labels.needsCloses}}</label> <input id="tutup" name="tutup" type="date" value="{{closes}}" required>
        <button type="submit">{{labels.needsOpenButton}}</button></form>
        {{^hasSurveys}}<p class="empty">{{labels.needsNone}}</p>{{/hasSurveys}}
        {{#hasSurveys}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.needsSurveyTitle}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.needsCloses}}</th><th scope="col">{{labels.needsState}}</th></tr></thead><tbody>
        {{#surveys}}<tr><td><a href="{{href}}">{{title}}</a></td><td>{{unit}}</td><td>{{closes}}</td><td>{{state}}</td></tr>{{/surveys}}
        </tbody></table>{{/hasSurveys}}
        {{/content}}{{/layout}}
        """

    static let needsMatrix = """
        {{<layout}}{{$content}}
        <h1>{{title}}</h1>
        <p class="lead">{{state}}</p>
        <p>{{respondents}}</p>
        <p class="meta">{{labels.needsPrivacy}}</p>
        {{#dictionaryMissing}}<p class="notice">{{labels.needsNoDictionary}}</p>{{/dictionaryMissing}}
        <h2>{{labels.needsMatrixTitle}}</h2>
        <p><a href="{{csvHref}}">{{labels.needsMatrixCSV}}</a></p>
        {{^hasRows}}<p class="empty">{{labels.needsNoAnswers}}</p>{{/hasRows}}
        {{#hasRows}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.needsPosition}}</th><th scope="col">{{labels.needsCompetency}}</th><th scope="col">{{labels.needsStandard}}</th><th scope="col">{{labels.needsAverage}}</th><th scope="col">{{labels.needsGap}}</th><th scope="col">{{labels.needsStaff}}</th><th scope="col">{{labels.needsRespondents}}</th><th scope="col">{{labels.needsSupervisorAverage}}</th><th scope="col">{{labels.needsPriority}}</th><th scope="col">{{labels.needsSuggested}}</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{position}}</td><td>{{competency}}</td><td>{{standard}}</td><td>{{average}}</td><td>{{gap}}</td><td>{{staff}}</td><td>{{respondents}}</td><td>{{supervisorAverage}} <span class="meta">({{supervisorRespondents}})</span></td><td class="{{priorityClass}}">{{priority}}</td><td>{{#suggested}}<a href="{{href}}">{{title}}</a> {{/suggested}}</td></tr>{{/rows}}
        </tbody></table>{{/hasRows}}
        {{#closeAction}}<form method="post" action="{{closeAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{labels.needsCloseButton}}</button></form>{{/closeAction}}
        {{/content}}{{/layout}}
        """

    static let needsForm = """
        {{<layout}}{{$content}}
        <h1>{{title}}</h1>
        <p class="meta">{{closes}}</p>
        {{#about}}<p class="notice">{{labels.needsAbout}} {{about}}</p>{{/about}}
        {{#saved}}<p class="done" role="status">{{labels.needsSaved}}</p>{{/saved}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#action}}<p>{{^about}}{{labels.needsFormIntro}}{{/about}}{{#about}}{{labels.needsFormIntroSupervisor}}{{/about}}</p>
        <form method="post" action="{{action}}" class="needs"><input type="hidden" name="csrf" value="{{csrf}}">
        {{#questions}}<fieldset class="question"><legend>{{name}} <span class="meta">({{kind}})</span></legend>
        {{#options}}<label for="{{inputID}}"><input type="radio" id="{{inputID}}" name="k.{{id}}" value="{{value}}" required{{#checked}} checked{{/checked}}> {{label}}</label>{{/options}}
        </fieldset>{{/questions}}
        <button type="submit">{{labels.needsSave}}</button></form>{{/action}}
        {{^action}}{{#nothingAsked}}<p class="notice">{{labels.needsNoStandard}}</p>{{/nothingAsked}}{{^nothingAsked}}<p class="notice">{{labels.needsClosedNotice}}</p>{{/nothingAsked}}{{/action}}
        <p><a href="/beranda">{{labels.home}}</a></p>
        {{/content}}{{/layout}}
        """
}
