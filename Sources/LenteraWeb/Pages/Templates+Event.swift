extension Templates {
    /// Classroom events: the learner's page, the operator's list and the venue's code.
    static let eventTemplates: [String: String] = ["event": event, "eventRoster": eventRoster, "eventCode": eventCode]

    /// A classroom event for a learner: when and where, their place on the list, their presence per session.
    static let event = """
        {{<layout}}{{$content}}
        <p class="meta">{{programTitle}}</p>
        <h1>{{title}}</h1>
        <dl class="facts">
        <div><dt>JP</dt><dd>{{jp}}</dd></div>
        {{#place}}<div><dt>{{labels.eventPlace}}</dt><dd>{{place}}</dd></div>{{/place}}
        {{#link}}<div><dt>{{labels.eventOnline}}</dt><dd><a href="{{link}}" rel="noopener noreferrer">{{link}}</a></dd></div>{{/link}}
        <div><dt>{{labels.eventCapacity}}</dt><dd>{{capacity}}</dd></div>
        </dl>
        <p class="{{seatClass}}"><strong>{{seat}}</strong></p>
        {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
        {{#registerAction}}<form method="post" action="{{registerAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{labels.eventRegister}}</button></form>{{/registerAction}}
        {{#cancelAction}}<form method="post" action="{{cancelAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{labels.eventCancel}}</button></form>{{/cancelAction}}
        {{#certificateHref}}<p><a class="button" href="{{certificateHref}}">{{labels.eventCertificate}}</a></p>{{/certificateHref}}
        {{#ratingAction}}<form class="feedback" method="post" action="{{ratingAction}}"><input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>{{labels.eventRatingTitle}}</legend>
        {{#ratings}}<label><input type="radio" name="relevansi" value="{{value}}" required> {{text}}</label>{{/ratings}}
        </fieldset>
        <label for="komentar">{{labels.feedbackComment}}</label>
        <textarea id="komentar" name="komentar" maxlength="2000"></textarea>
        <button type="submit" class="button">{{labels.feedbackSend}}</button>
        {{#ratingThanks}}<p class="done">{{labels.feedbackThanks}}</p>{{/ratingThanks}}
        </form>{{/ratingAction}}
        <h2>{{labels.eventSessions}}</h2>
        <table class="status" tabindex="0"><tbody>
        {{#sessions}}<tr><th scope="row">{{name}}</th><td>{{time}}</td><td class="{{stateClass}}">{{state}}</td></tr>{{/sessions}}
        </tbody></table>
        <p><a href="/beranda">{{labels.home}}</a></p>
        {{/content}}{{/layout}}
        """

    /// A classroom event's list for an operator: seats and waiting list, presence per session (tick to record), the
    /// units the participants come from, and each session's code page.
    static let eventRoster = """
        {{<layout}}{{$content}}
        <p class="meta">{{programTitle}}</p>
        <h1>{{title}}</h1>
        <dl class="facts">
        <div><dt>JP</dt><dd>{{jp}}</dd></div>
        {{#place}}<div><dt>{{labels.eventPlace}}</dt><dd>{{place}}</dd></div>{{/place}}
        {{#link}}<div><dt>{{labels.eventOnline}}</dt><dd><a href="{{link}}" rel="noopener noreferrer">{{link}}</a></dd></div>{{/link}}
        <div><dt>{{labels.eventCapacity}}</dt><dd>{{capacity}}</dd></div>
        </dl>
        <h2>{{labels.eventSessions}}</h2>
        <table class="status" tabindex="0"><tbody>
        {{#sessions}}<tr><th scope="row">{{name}}</th><td>{{time}}</td><td>{{state}}</td><td><a href="{{codeHref}}">{{labels.eventShowCode}}</a></td></tr>{{/sessions}}
        </tbody></table>
        <h2>{{labels.eventRosterTitle}}</h2>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}" class="search"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="aksi" value="daftar">
        <label for="nip">{{labels.eventAddLearner}}</label> <input id="nip" name="nip" inputmode="numeric" autocomplete="off"> <button type="submit">{{labels.eventAddLearnerButton}}</button></form>
        {{^hasParticipants}}<p class="empty">{{labels.eventNoParticipants}}</p>{{/hasParticipants}}
        {{#hasParticipants}}<table class="status report" tabindex="0"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.programStatus}}</th>{{#sessionHeaders}}<th scope="col">{{.}}</th>{{/sessionHeaders}}</tr></thead><tbody>
        {{#participants}}<tr><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td class="{{seatClass}}">{{seat}}</td>{{#sessions}}<td>{{#present}}<span class="done">✓ {{labels.eventAttended}}</span>{{/present}}{{^present}}<form method="post" action="{{action}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="aksi" value="hadir"><input type="hidden" name="nip" value="{{nip}}"><input type="hidden" name="sesi" value="{{session}}"><button type="submit" class="secondary">{{labels.eventTick}}</button></form>{{/present}}</td>{{/sessions}}</tr>{{/participants}}
        </tbody></table>{{/hasParticipants}}
        <h2>{{labels.eventMix}}</h2>
        <p>{{mixIntro}}</p>
        <table class="status" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.eventParticipants}}</th></tr></thead><tbody>
        {{#mix}}<tr><td>{{unit}}</td><td>{{count}}</td></tr>{{/mix}}
        </tbody></table>
        {{/content}}{{/layout}}
        """

    /// The venue's screen: the session's attendance code as a large QR code, renewed by the page every 15 seconds.
    static let eventCode = """
        {{<layout}}{{$content}}
        <p class="meta">{{title}}</p>
        <h1>{{heading}}</h1>
        <p class="lead">{{time}}</p>
        {{#qr}}<p>{{labels.eventCodeIntro}}</p>
        <div class="attendance-code" data-address="{{address}}">{{{qr}}}</div>{{/qr}}
        {{^qr}}<p class="notice">{{labels.eventCodeOutside}}</p>{{/qr}}
        <p><a href="{{backHref}}">{{labels.eventBack}}</a></p>
        {{/content}}{{/layout}}
        """
}
