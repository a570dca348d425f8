/// The templates of a learner's own pages and of the fragments that personalize the pages every visitor sees: sign-in
/// and password, home, certificates and their verification, the account links, progress, feedback and offline reading.
extension Templates {
    /// The templates of this area, by the names pages and partials use.
    static let learnerTemplates: [String: String] = [
        "signIn": signIn, "password": password, "home": home, "certificate": certificate, "verification": verification,
        "verificationForm": verificationForm, "accountNav": accountNav, "courseStanding": courseStanding, "startCourse": startCourse,
        "moduleProgress": moduleProgress, "courseProgress": courseProgress, "feedbackForm": feedbackForm, "offlinePanel": offlinePanel,
    ]

    /// Signing in with NIP and password, back to where the learner was going.
    static let signIn = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <h1>{{labels.signIn}}</h1>
        <p class="lead">{{labels.signInIntro}}</p>
        {{#error}}<p class="alert" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/masuk" class="stacked">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#returnTo}}<input type="hidden" name="kembali" value="{{returnTo}}">{{/returnTo}}
        <label for="nip">{{labels.nip}}</label>
        <input id="nip" name="nip" inputmode="numeric" autocomplete="username" required maxlength="24" value="{{nip}}">
        <label for="sandi">{{labels.password}}</label>
        <input id="sandi" name="sandi" type="password" autocomplete="current-password" required>
        <button type="submit">{{labels.signIn}}</button>
        </form>
        </div>
        {{/content}}{{/layout}}
        """

    /// Changing a password: the current one and the new one twice.
    static let password = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <h1>{{labels.changePassword}}</h1>
        {{#mustChange}}<p class="lead">{{labels.changePasswordIntro}}</p>{{/mustChange}}
        {{#error}}<p class="alert" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/sandi" class="stacked">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="lama">{{labels.currentPassword}}</label>
        <input id="lama" name="lama" type="password" autocomplete="current-password" required>
        <label for="baru">{{labels.newPassword}}</label>
        <input id="baru" name="baru" type="password" autocomplete="new-password" minlength="8" required>
        <label for="ulang">{{labels.repeatPassword}}</label>
        <input id="ulang" name="ulang" type="password" autocomplete="new-password" minlength="8" required>
        <button type="submit">{{labels.save}}</button>
        </form>
        </div>
        {{/content}}{{/layout}}
        """

    /// A learner's home: JP this year against the target, where to go on, courses in progress and completed.
    static let home = """
        {{<layout}}{{$content}}
        <h1>{{labels.welcome}}, {{name}}</h1>
        {{#meta}}<p class="meta">{{meta}}</p>{{/meta}}
        <section class="jp-panel" aria-label="{{jpTitle}}">
        <h2>{{jpTitle}}</h2>
        <p class="jp-total"><strong>{{jpTotal}} JP</strong> {{labels.jpTarget}}</p>
        <progress max="100" value="{{jpPercent}}">{{jpPercent}}%</progress>
        {{#jpMet}}<p class="done">{{labels.jpMet}}</p>{{/jpMet}}
        </section>
        {{#hasReminders}}<section class="notice" aria-labelledby="pengingat"><h2 id="pengingat">{{labels.programRemindersTitle}}</h2><ul>{{#reminders}}<li>{{.}}</li>{{/reminders}}</ul></section>{{/hasReminders}}
        {{#hasSurveys}}<section class="notice" aria-labelledby="survei"><h2 id="survei">{{labels.needsHomeTitle}}</h2><ul>{{#surveys}}<li><a href="{{href}}">{{text}}</a>{{#answered}} · {{labels.needsAnswered}}{{/answered}}</li>{{/surveys}}</ul></section>{{/hasSurveys}}
        {{#hasFollowUps}}<section class="notice" aria-labelledby="tindak-lanjut"><h2 id="tindak-lanjut">{{labels.followUpHomeTitle}}</h2><ul>{{#followUps}}<li><a href="{{href}}">{{text}}</a>{{#answered}} · {{labels.needsAnswered}}{{/answered}}</li>{{/followUps}}</ul></section>{{/hasFollowUps}}
        {{#hasPrograms}}<h2>{{labels.programsTitle}}</h2>
        {{#programs}}<section class="card program">
        <h3>{{title}} <span class="standing {{standingClass}}">{{standing}}</span></h3>
        <p class="meta">{{labels.programPeriod}}: {{period}}{{#starts}} · {{starts}}{{/starts}} · {{jp}}</p>
        <p>{{goal}}</p>
        <table class="status" tabindex="0"><thead><tr><th scope="col">{{labels.programActivity}}</th><th scope="col">{{labels.programDeadline}}</th><th scope="col">{{labels.programStatus}}</th></tr></thead><tbody>
        {{#activities}}<tr><td>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}{{title}}{{/href}} <span class="meta">({{requirement}})</span></td><td>{{deadline}}</td><td class="{{stateClass}}">{{state}}</td></tr>{{/activities}}
        </tbody></table>
        </section>{{/programs}}{{/hasPrograms}}
        {{#continueHref}}<p><a class="button" href="{{continueHref}}">{{labels.continueLearning}}: {{continueTitle}}</a></p>{{/continueHref}}
        <h2>{{labels.inProgress}}</h2>
        {{#hasInProgress}}<ul class="cards">{{#inProgress}}<li class="card"><h3><a href="{{href}}">{{title}}</a></h3><progress max="100" value="{{percent}}">{{percent}}%</progress> {{percent}}%</li>{{/inProgress}}</ul>{{/hasInProgress}}
        {{^hasInProgress}}<p class="empty">{{labels.noneInProgress}}</p>{{/hasInProgress}}
        <h2>{{labels.completed}}</h2>
        {{#hasCompleted}}<table class="status" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">JP</th><th scope="col">{{labels.finished}}</th><th scope="col">{{labels.certificate}}</th></tr></thead><tbody>
        {{#completed}}<tr><td>{{title}}</td><td>{{jp}}</td><td>{{date}}</td><td><a href="{{certificateHref}}">{{number}}</a></td></tr>{{/completed}}
        </tbody></table>{{/hasCompleted}}
        {{^hasCompleted}}<p class="empty">{{labels.noneCompleted}}</p>{{/hasCompleted}}
        <p><a href="/sandi">{{labels.changePassword}}</a></p>
        {{/content}}{{/layout}}
        """

    /// A certificate, printed on one landscape A4 sheet (style.css); the print button shows only where lentera.js runs,
    /// the link to the PDF (made by the server, to hand in or send on) everywhere.
    static let certificate = """
        {{<layout}}{{$content}}
        <p class="certificate-actions no-print"><button type="button" data-print hidden>{{labels.printPage}}</button> <a class="button" href="{{pdfHref}}" download>{{labels.downloadPDF}}</a></p>
        <article class="certificate">
        <p class="certificate-kicker">{{labels.certificateOf}}</p>
        <p>{{labels.awardedTo}}</p>
        <h1>{{name}}</h1>
        <p class="meta">{{labels.nip}} {{maskedNIP}}</p>
        <p>{{labels.forCompleting}}</p>
        <h2>{{courseTitle}}</h2>
        <dl class="facts">
        <div><dt>JP</dt><dd>{{jp}}</dd></div>
        <div><dt>{{labels.version}}</dt><dd>{{version}}</dd></div>
        <div><dt>{{labels.started}}</dt><dd>{{started}}</dd></div>
        <div><dt>{{labels.finished}}</dt><dd>{{completed}}</dd></div>
        {{#score}}<div><dt>{{labels.score}}</dt><dd>{{score}}</dd></div>{{/score}}
        </dl>
        <p>{{labels.certificateNumber}}: <strong>{{number}}</strong></p>
        <div class="qr-box">{{{qr}}}</div>
        <p class="meta">{{labels.verifyAt}} <a href="{{verifyHref}}">{{verifyURL}}</a></p>
        </article>
        {{/content}}{{/layout}}
        """

    /// A certificate's public verification: its record, the NIP masked.
    static let verification = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <h1>{{labels.verification}}</h1>
        <p class="done">{{labels.verified}}</p>
        <dl class="record">
        <dt>{{labels.certificateNumber}}</dt><dd>{{number}}</dd>
        <dt>{{labels.name}}</dt><dd>{{name}}</dd>
        <dt>{{labels.nip}}</dt><dd>{{maskedNIP}}</dd>
        <dt>{{labels.course}}</dt><dd>{{courseTitle}}</dd>
        <dt>{{labels.version}}</dt><dd>{{version}}</dd>
        <dt>JP</dt><dd>{{jp}}</dd>
        <dt>{{labels.started}}</dt><dd>{{started}}</dd>
        <dt>{{labels.finished}}</dt><dd>{{completed}}</dd>
        {{#score}}<dt>{{labels.score}}</dt><dd>{{score}}</dd>{{/score}}
        </dl>
        </div>
        {{/content}}{{/layout}}
        """

    /// `/verifikasi`: a number typed by hand, sent with GET so that the answer is a plain link (`?nomor=`).
    static let verificationForm = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <h1>{{labels.verification}}</h1>
        <p class="lead">{{labels.verifyIntro}}</p>
        {{#notFound}}<p class="alert" role="alert" id="nomor-salah">{{labels.verifyNotFound}}</p>{{/notFound}}
        <form method="get" action="/verifikasi" class="stacked">
        <label for="nomor">{{labels.certificateNumber}}</label>
        <input id="nomor" name="nomor" value="{{number}}" placeholder="LTR-2026-XXXX-XXXX-XXXX" required maxlength="100" autocomplete="off" autocapitalize="characters" spellcheck="false"{{#notFound}} aria-invalid="true" aria-describedby="nomor-salah"{{/notFound}}>
        <button type="submit">{{labels.verifyCheck}}</button>
        </form>
        </div>
        {{/content}}{{/layout}}
        """

    /// The header's links for a signed-in person: home, reports and status by role, and sign-out.
    static let accountNav = """
        <a href="/beranda">{{labels.home}}</a>{{#isOperator}}<a href="/operator">{{labels.reports}}</a>{{/isOperator}}{{#isAuthor}}<a href="/status">{{labels.status}}</a>{{/isAuthor}}<form class="inline" method="post" action="/keluar" data-akun="{{account}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">{{labels.signOut}}</button></form>
        """

    /// A catalogue card's line for a signed-in learner: not started, in progress (with a bar, hidden from screen readers
    /// since the text says the percentage), or completed.
    static let courseStanding = """
        <p class="standing{{#completed}} done{{/completed}}">{{#inProgress}}<progress max="100" value="{{percent}}" aria-hidden="true">{{percent}}%</progress> {{/inProgress}}{{text}}</p>
        """

    /// The course page's "Mulai belajar": to the first module, or, filled in by ``LearnerPages`` for a signed-in
    /// learner who has not taken it, to the course's pre-test (`preTest`).
    static let startCourse = """
        <p><a class="button" href="{{startHref}}">{{labels.startCourse}}</a>{{#preTest}} <span class="meta">{{labels.startsWithPreTest}}</span>{{/preTest}}</p>
        """

    /// A module's progress panel for a signed-in learner: the bar, the rule that completes it, and what to do next.
    static let moduleProgress = """
        <section id="kemajuan" class="progress-panel" data-sesi="{{sessionID}}" data-urutan="{{lastSequence}}" data-csrf="{{csrf}}" data-detak="/api/detak"{{^complete}} data-selesai="{{labels.moduleDone}}"{{/complete}} data-antre="{{labels.offlineQueued}}" data-terkirim="{{labels.offlineSent}}" aria-label="{{labels.progress}}">
        <p><strong>{{labels.progress}}: {{percent}}%</strong> <progress max="100" value="{{percent}}">{{percent}}%</progress> <span class="meta">{{ruleText}}</span></p>
        {{#complete}}<p class="done">{{labels.moduleDone}}</p>{{/complete}}
        {{#quizHref}}<p><a class="button" href="{{quizHref}}">{{labels.quiz}}</a></p>{{/quizHref}}
        {{#canMarkDone}}<form method="post" action="{{markDoneAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{labels.markDone}}</button></form>{{/canMarkDone}}
        {{#courseComplete}}<p class="done">{{labels.courseComplete}} <a href="{{certificateHref}}">{{labels.viewCertificate}}</a></p>{{/courseComplete}}
        </section>
        """

    /// A course's progress panel for a signed-in learner, with the certificate once it is complete.
    static let courseProgress = """
        <section class="progress-panel" aria-label="{{labels.courseProgress}}">
        <p><strong>{{labels.courseProgress}}: {{percent}}%</strong> <progress max="100" value="{{percent}}">{{percent}}%</progress></p>
        {{#certificateHref}}<p class="done">{{labels.courseComplete}} <a href="{{certificateHref}}">{{labels.viewCertificate}}</a></p>{{/certificateHref}}
        </section>
        """

    /// How relevant a module or a course was to the learner's work: a rating from 1 to 5 and a comment.
    static let feedbackForm = """
        <form class="feedback" method="post" action="{{feedbackAction}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>{{labels.feedback}}</legend>
        {{#ratings}}<label><input type="radio" name="relevansi" value="{{value}}" required{{#selected}} checked{{/selected}}> {{text}}</label>{{/ratings}}
        </fieldset>
        <label for="komentar">{{labels.feedbackComment}}</label>
        <textarea id="komentar" name="komentar" maxlength="2000"></textarea>
        <button type="submit" class="button">{{labels.feedbackSend}}</button>
        {{#thanks}}<p class="done">{{labels.feedbackThanks}}</p>{{/thanks}}
        </form>
        """

    /// "Simpan untuk dibaca luring" on a signed-in learner's course page: hidden, and shown by lentera.js only where
    /// service workers run (a page without JavaScript has nothing to save with). The size is the server's estimate.
    static let offlinePanel = """
        <section class="progress-panel offline-panel" data-luring="{{listHref}}" data-kursus="{{courseID}}" data-saving="{{labels.offlineSaving}}" data-saved="{{labels.offlineSaved}}" data-failed="{{labels.offlineFailed}}" data-removed="{{labels.offlineRemoved}}" data-update="{{labels.offlineUpdate}}" aria-label="{{labels.offlineTitle}}" hidden>
        <h2>{{labels.offlineTitle}}</h2>
        <p class="meta">{{labels.offlineIntro}}</p>
        <p><button type="button" data-simpan>{{labels.offlineSave}}</button> <span class="meta">{{labels.offlineSize}}: <span data-ukuran>{{size}}</span></span></p>
        <p data-tersimpan hidden><button type="button" class="secondary" data-hapus>{{labels.offlineRemove}}</button></p>
        <p class="meta" role="status" data-status-luring></p>
        </section>
        """
}
