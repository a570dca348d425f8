/// The page templates (Mustache), compiled into the binary so that Lentera stays one file to deploy.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "catalogue": catalogue, "course": course, "module": module, "outline": outline,
        "status": status, "notFound": notFound, "tocList": tocList, "signIn": signIn, "password": password, "home": home,
        "certificate": certificate, "verification": verification, "verificationForm": verificationForm, "message": message,
        "accountNav": accountNav, "courseStanding": courseStanding, "startCourse": startCourse,
        "moduleProgress": moduleProgress, "courseProgress": courseProgress, "feedbackForm": feedbackForm, "offlinePanel": offlinePanel,
        "operator": operatorReports, "feedbackTable": feedbackTable,
        "quizIntro": quizIntro, "quizAttempt": quizAttempt, "quizResult": quizResult, "quizReports": quizReports,
        "quizGrading": quizGrading, "raw": raw,
    ].merging(accounts) { _, new in new }

    /// A page whose body was built (and escaped) in Swift.
    static let raw = """
        {{<layout}}{{$content}}
        {{{body}}}
        {{/content}}{{/layout}}
        """

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
        {{{questions}}}
        <p class="quiz-actions"><button type="submit" name="aksi" value="simpan" class="secondary">{{labels.quizSave}}</button>
        <button type="submit" name="aksi" value="kumpulkan">{{labels.quizSubmit}}</button> <span class="meta">{{labels.quizSubmitConfirm}}</span>
        <span class="meta" data-status-simpan role="status" data-saved="{{labels.quizAutosaved}}" data-offline="{{labels.quizAutosaveOffline}}" data-failed="{{labels.quizAutosaveFailed}}"></span></p>
        </form>
        </div>
        {{/content}}{{/layout}}
        """

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
        {{#review}}<h2>{{labels.quizReview}}</h2>{{{review}}}{{/review}}
        <p><a href="{{quizHref}}">{{labels.quizBackToQuiz}}</a></p>
        </div>
        {{/content}}{{/layout}}
        """

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

    static let quizGrading = """
        {{<layout}}{{$content}}
        <h1>{{labels.quizGrading}}</h1>
        {{^essays}}<p>{{labels.quizGradingNone}}</p>{{/essays}}
        {{#essays}}<section class="question review"><h2>{{quizTitle}} · {{learner}}</h2>
        <div class="prompt">{{{prompt}}}</div>
        <blockquote class="essay">{{{answer}}}</blockquote>
        <form method="post" action="{{action}}"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>{{labels.quizScore}} (0–{{maximum}}) <input type="text" inputmode="decimal" name="poin" required></label>
        <button type="submit">{{labels.quizGrade}}</button></form></section>{{/essays}}
        {{/content}}{{/layout}}
        """

    static let operatorReports = """
        {{<layout}}{{$content}}
        <h1>{{labels.operatorTitle}}</h1>
        <p class="lead">{{intro}}</p>
        {{#summedAt}}<p class="notice">{{summedAt}}</p>{{/summedAt}}
        <form method="get" action="/operator" class="search">
        {{#unitName}}<input type="hidden" name="unit" value="{{unitName}}">{{/unitName}}
        <label for="tahun">{{labels.year}}</label> <input id="tahun" name="tahun" type="number" min="2000" max="2100" value="{{year}}">
        <button type="submit">{{labels.show}}</button> <a href="/operator/pengguna">{{labels.usersTitle}}</a>
        </form>
        <h2>{{labels.complianceTitle}}</h2>
        {{#upHref}}<p><a href="{{upHref}}">{{labels.drillUp}}</a></p>{{/upHref}}
        <p><a href="/operator/laporan/kepatuhan.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a></p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.pnsCount}}</th><th scope="col">{{labels.pnsMeeting}}</th><th scope="col">{{labels.compliance}}</th><th scope="col">{{labels.pppkCount}}</th><th scope="col">{{labels.totalJP}}</th></tr></thead><tbody>
        {{#units}}<tr><td>{{#drillHref}}<a href="{{drillHref}}">{{name}}</a>{{/drillHref}}{{^drillHref}}{{name}}{{/drillHref}}</td><td>{{pns}}</td><td>{{meeting}}</td><td>{{percent}}</td><td>{{pppk}}</td><td>{{jp}}</td></tr>{{/units}}
        </tbody></table>
        <h2>{{labels.ledgerPNS}} ({{pnsTotal}})</h2>
        <p><a href="/operator/laporan/jp.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a> · <a href="/operator/laporan/jp.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}&amp;pemisah=titik-koma">{{labels.rosterPasswordsCSVSemicolon}}</a></p>
        <form method="get" action="/operator" class="search" role="search"><input type="hidden" name="tahun" value="{{year}}">{{#unitName}}<input type="hidden" name="unit" value="{{unitName}}">{{/unitName}}
        <label for="q">{{labels.usersSearch}}</label> <input id="q" name="q" type="search" value="{{search}}"> <button type="submit">{{labels.usersSearchButton}}</button></form>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.courses}}</th><th scope="col">JP</th><th scope="col">{{labels.meetsTarget}}</th></tr></thead><tbody>
        {{#pns}}<tr class="{{^meets}}bad{{/meets}}"><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{courses}}</td><td>{{jp}}</td><td>{{meetsText}}</td></tr>{{/pns}}
        </tbody></table>
        <h2>{{labels.ledgerPPPK}} ({{pppkTotal}})</h2>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.courses}}</th><th scope="col">JP</th></tr></thead><tbody>
        {{#pppk}}<tr><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{courses}}</td><td>{{jp}}</td></tr>{{/pppk}}
        </tbody></table>
        {{#hasPages}}<nav class="pager" aria-label="{{labels.listPages}}">{{#previousHref}}<a href="{{previousHref}}" rel="prev">← {{labels.pagePrevious}}</a>{{/previousHref}} {{#nextHref}}<a href="{{nextHref}}" rel="next">{{labels.pageNext}} →</a>{{/nextHref}}</nav>{{/hasPages}}
        <h2>{{labels.completionTitle}}</h2>
        <p><a href="/operator/laporan/kursus.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a></p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">JP</th><th scope="col">{{labels.startedCount}}</th><th scope="col">{{labels.completedCount}}</th></tr></thead><tbody>
        {{#courseRows}}<tr><td>{{title}}</td><td>{{jp}}</td><td>{{started}}</td><td>{{completed}}</td></tr>{{/courseRows}}
        </tbody></table>
        {{#hasQuizCourses}}<h2>{{labels.quizResultsTitle}}</h2>{{/hasQuizCourses}}
        <ul>{{#quizCourses}}<li><a href="{{href}}">{{title}}</a></li>{{/quizCourses}}</ul>
        <p><a href="/penilaian">{{labels.quizGrading}}</a></p>
        <h2>{{labels.feedbackTitle}}</h2>
        <p><a href="/operator/laporan/umpan-balik.csv{{#unitKey}}?unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a></p>
        {{^feedback}}<p class="empty">{{labels.noData}}</p>{{/feedback}}
        {{#hasFeedback}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">{{labels.module}}</th><th scope="col">{{labels.responses}}</th><th scope="col">{{labels.averageRelevance}}</th><th scope="col">{{labels.comments}}</th></tr></thead><tbody>
        {{#feedback}}<tr><td>{{course}}</td><td>{{module}}</td><td>{{count}}</td><td>{{average}}</td><td>{{#comments}}<p>{{.}}</p>{{/comments}}</td></tr>{{/feedback}}
        </tbody></table>{{/hasFeedback}}
        {{/content}}{{/layout}}
        """

    /// Feedback per module for authors (all learners).
    static let feedbackTable = """
        <h2>{{labels.feedbackTitle}}</h2>
        {{^feedback}}<p class="empty">{{labels.noData}}</p>{{/feedback}}
        {{#hasFeedback}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">{{labels.module}}</th><th scope="col">{{labels.responses}}</th><th scope="col">{{labels.averageRelevance}}</th><th scope="col">{{labels.comments}}</th></tr></thead><tbody>
        {{#feedback}}<tr><td>{{course}}</td><td>{{module}}</td><td>{{count}}</td><td>{{average}}</td><td>{{#comments}}<p>{{.}}</p>{{/comments}}</td></tr>{{/feedback}}
        </tbody></table>{{/hasFeedback}}
        """

    static let accountNav = """
        <a href="/beranda">{{labels.home}}</a>{{#isOperator}}<a href="/operator">{{labels.reports}}</a>{{/isOperator}}{{#isAuthor}}<a href="/status">{{labels.status}}</a>{{/isAuthor}}<form class="inline" method="post" action="/keluar" data-akun="{{account}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">{{labels.signOut}}</button></form>
        """

    static let moduleProgress = """
        <section id="kemajuan" class="progress-panel" data-sesi="{{sessionID}}" data-urutan="{{lastSequence}}" data-csrf="{{csrf}}" data-detak="/api/detak"{{^complete}} data-selesai="{{labels.moduleDone}}"{{/complete}} data-antre="{{labels.offlineQueued}}" data-terkirim="{{labels.offlineSent}}" aria-label="{{labels.progress}}">
        <p><strong>{{labels.progress}}: {{percent}}%</strong> <progress max="100" value="{{percent}}">{{percent}}%</progress> <span class="meta">{{ruleText}}</span></p>
        {{#complete}}<p class="done">{{labels.moduleDone}}</p>{{/complete}}
        {{#quizHref}}<p><a class="button" href="{{quizHref}}">{{labels.quiz}}</a></p>{{/quizHref}}
        {{#canMarkDone}}<form method="post" action="{{markDoneAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{labels.markDone}}</button></form>{{/canMarkDone}}
        {{#courseComplete}}<p class="done">{{labels.courseComplete}} <a href="{{certificateHref}}">{{labels.viewCertificate}}</a></p>{{/courseComplete}}
        </section>
        """

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

    static let courseProgress = """
        <section class="progress-panel" aria-label="{{labels.courseProgress}}">
        <p><strong>{{labels.courseProgress}}: {{percent}}%</strong> <progress max="100" value="{{percent}}">{{percent}}%</progress></p>
        {{#certificateHref}}<p class="done">{{labels.courseComplete}} <a href="{{certificateHref}}">{{labels.viewCertificate}}</a></p>{{/certificateHref}}
        </section>
        """

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

    static let message = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        <p><a href="{{backHref}}">{{backText}}</a></p>
        </div>
        {{/content}}{{/layout}}
        """

    /// The table of contents, written twice on a module page: open beside the text on wide screens, folded above it
    /// on phones (CSS shows one of the two; no script needed).
    static let tocList = """
        <ol>{{#tableOfContents}}<li class="level-{{level}}"><a href="#{{anchor}}">{{text}}</a></li>{{/tableOfContents}}</ol>
        """

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{chrome.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{chrome.title}} · Lentera</title>
        <link rel="stylesheet" href="{{chrome.styleURL}}">
        <link rel="icon" href="{{chrome.iconURL}}" type="image/svg+xml">
        <link rel="manifest" href="/manifest.webmanifest">
        <meta name="theme-color" content="#0b5d4b">
        <script src="{{chrome.scriptURL}}" defer></script>
        </head>
        <body>
        <a class="skip" href="#isi">{{labels.skipToContent}}</a>
        <header class="site">
        <a class="brand" href="/"><img src="{{chrome.iconURL}}" alt="" width="28" height="28"> Lentera</a>
        <nav class="site-nav" aria-label="{{labels.mainMenu}}">
        <a href="/">{{labels.catalogue}}</a>
        <a href="?lang={{labels.switchLanguageCode}}" lang="{{labels.switchLanguageCode}}" hreflang="{{labels.switchLanguageCode}}">{{labels.switchLanguage}}</a>
        <!--lentera:akun--><a href="/masuk">{{labels.signIn}}</a><!--/lentera:akun-->
        </nav>
        </header>
        {{#chrome.hasBreadcrumbs}}
        <nav class="breadcrumb" aria-label="{{labels.breadcrumb}}"><ol>
        {{#chrome.breadcrumbs}}<li>{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}<span aria-current="page">{{text}}</span>{{/href}}</li>{{/chrome.breadcrumbs}}
        </ol></nav>
        {{/chrome.hasBreadcrumbs}}
        <main id="isi">
        {{$content}}{{/content}}
        </main>
        <footer class="site">{{labels.footer}}</footer>
        </body>
        </html>

        """

    static let catalogue = """
        {{<layout}}{{$content}}
        <h1>{{labels.catalogue}}</h1>
        <p class="lead">{{labels.catalogueIntro}}</p>
        <form class="search" method="get" action="/" role="search">
        <label for="q" class="visually-hidden">{{labels.search}}</label>
        <input id="q" name="q" type="search" value="{{query}}" placeholder="{{labels.searchPlaceholder}}">
        <label for="kategori" class="visually-hidden">{{labels.category}}</label>
        <select id="kategori" name="kategori">
        <option value="">{{labels.allCategories}}</option>
        {{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/categories}}
        </select>
        <button type="submit">{{labels.search}}</button>
        </form>
        <nav class="filters" aria-label="{{labels.filterCategory}}">
        <a href="/"{{^hasCategory}} aria-current="true"{{/hasCategory}}>{{labels.allCategories}}</a>
        {{#categories}}<a href="/?kategori={{value}}"{{#selected}} aria-current="true"{{/selected}}>{{name}}</a>{{/categories}}
        </nav>
        {{#isSearch}}<h2 class="results">{{labels.resultsFor}}: {{resultCount}}</h2>{{/isSearch}}
        {{#hasCourses}}
        <ul class="cards">
        {{#courses}}
        <li class="card">
        <h2><a href="{{href}}">{{title}}</a></h2>
        {{#summary}}<p>{{summary}}</p>{{/summary}}
        <p class="meta">{{#categoryName}}<span class="tag">{{categoryName}}</span> {{/categoryName}}<span>{{jp}} {{labels.jp}}</span> · <span>{{moduleCount}} {{labels.modules}}</span>{{#minutes}} · <span>{{minutes}} {{labels.minutes}}</span>{{/minutes}}</p>
        <!--lentera:kursus:{{id}}--><!--/lentera:kursus:{{id}}-->
        </li>
        {{/courses}}
        </ul>
        {{/hasCourses}}
        {{^hasCourses}}<p class="empty">{{#isSearch}}{{labels.noResults}}{{/isSearch}}{{^isSearch}}{{labels.noCourses}}{{/isSearch}}</p>{{/hasCourses}}
        {{#hasModuleHits}}
        <section class="module-hits" aria-labelledby="di-dalam-modul">
        <h2 id="di-dalam-modul" class="results">{{labels.insideModules}}: {{moduleHitCount}}</h2>
        {{^moduleHitsMatchEveryWord}}<p class="meta">{{labels.insideModulesSomeWords}}</p>{{/moduleHitsMatchEveryWord}}
        <ol class="hits">
        {{#moduleHits}}<li><a href="{{href}}">{{moduleTitle}}</a> <span class="meta">{{courseTitle}}</span><p class="snippet">{{{snippetHTML}}}</p></li>
        {{/moduleHits}}
        </ol>
        </section>
        {{/hasModuleHits}}
        {{/content}}{{/layout}}
        """

    static let course = """
        {{<layout}}{{$content}}
        <article class="course">
        <h1>{{title}}</h1>
        {{#summary}}<p class="lead">{{summary}}</p>{{/summary}}
        <dl class="facts">
        <div><dt>{{labels.jp}}</dt><dd>{{jp}}</dd></div>
        {{#minutes}}<div><dt>{{labels.estimatedTime}}</dt><dd>{{minutes}} {{labels.minutes}}</dd></div>{{/minutes}}
        <div><dt>{{labels.moduleCountTitle}}</dt><dd>{{moduleCount}}</dd></div>
        {{#categoryName}}<div><dt>{{labels.category}}</dt><dd>{{categoryName}}</dd></div>{{/categoryName}}
        <div><dt>{{labels.version}}</dt><dd>{{version}}</dd></div>
        </dl>
        <!--lentera:kemajuan--><!--/lentera:kemajuan-->
        <!--lentera:mulai-->{{#firstModuleHref}}{{>startCourse}}{{/firstModuleHref}}<!--/lentera:mulai-->
        <h2>{{labels.contents}}</h2>
        <ol class="outline">
        {{#outline}}{{>outline}}{{/outline}}
        </ol>
        {{#hasQuizzes}}<h2>{{labels.quizzes}}</h2>
        <ul class="outline">{{#quizzes}}<li><a href="{{href}}">{{title}}</a> <span class="minutes">{{questions}}</span></li>{{/quizzes}}</ul>{{/hasQuizzes}}
        </article>
        {{/content}}{{/layout}}
        """

    /// The course page's "Mulai belajar": to the first module, or, filled in by ``LearnerPages`` for a signed-in
    /// learner who has not taken it, to the course's pre-test (`preTest`).
    static let startCourse = """
        <p><a class="button" href="{{startHref}}">{{labels.startCourse}}</a>{{#preTest}} <span class="meta">{{labels.startsWithPreTest}}</span>{{/preTest}}</p>
        """

    /// A catalogue card's line for a signed-in learner: not started, in progress (with a bar, hidden from screen readers
    /// since the text says the percentage), or completed.
    static let courseStanding = """
        <p class="standing{{#completed}} done{{/completed}}">{{#inProgress}}<progress max="100" value="{{percent}}" aria-hidden="true">{{percent}}%</progress> {{/inProgress}}{{text}}</p>
        """

    static let outline = """
        {{#isSection}}<li class="section"><span class="section-title">{{title}}</span><ol>{{#items}}{{>outline}}{{/items}}</ol></li>{{/isSection}}{{^isSection}}<li><a href="{{href}}">{{title}}</a>{{#minutes}} <span class="minutes">{{minutes}} {{labels.minutes}}</span>{{/minutes}}</li>{{/isSection}}
        """

    static let module = """
        {{<layout}}{{$content}}
        <div class="module-layout">
        {{#hasTableOfContents}}
        <details class="toc-compact"><summary>{{labels.onThisPage}}</summary>{{>tocList}}</details>
        <nav class="toc" aria-labelledby="toc-title">
        <h2 id="toc-title">{{labels.onThisPage}}</h2>
        {{>tocList}}
        </nav>
        {{/hasTableOfContents}}
        <article class="module">
        <p class="meta"><a href="{{courseHref}}">{{courseTitle}}</a>{{#sectionTitle}} · {{sectionTitle}}{{/sectionTitle}}{{#minutes}} · {{minutes}} {{labels.minutes}}{{/minutes}} · {{position}}/{{moduleCount}}</p>
        <!--lentera:kemajuan--><!--/lentera:kemajuan-->
        {{{html}}}
        <!--lentera:umpan-balik--><!--/lentera:umpan-balik-->
        </article>
        </div>
        <nav class="pager" aria-label="{{labels.modulePages}}">
        {{#previous}}<a class="previous" rel="prev" href="{{href}}"><span>{{labels.previous}}</span>{{title}}</a>{{/previous}}
        {{^previous}}<a class="previous" href="{{courseHref}}"><span>{{labels.backToCourse}}</span>{{courseTitle}}</a>{{/previous}}
        {{#next}}<a class="next" rel="next" href="{{href}}"><span>{{labels.next}}</span>{{title}}</a>{{/next}}
        {{^next}}<a class="next" href="{{courseHref}}"><span>{{labels.backToCourse}}</span>{{courseTitle}}</a>{{/next}}
        </nav>
        {{/content}}{{/layout}}
        """

    static let status = """
        {{<layout}}{{$content}}
        <h1>{{labels.status}}</h1>
        <p class="lead">{{labels.statusIntro}}</p>
        <p class="meta">{{labels.statusCheckedAt}}: <time datetime="{{checkedAt}}">{{checkedAtText}}</time></p>
        <table class="status" tabindex="0">
        <thead><tr><th scope="col">{{labels.statusFolder}}</th><th scope="col">{{labels.statusCourse}}</th><th scope="col">{{labels.version}}</th><th scope="col">{{labels.statusState}}</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr class="{{#hasErrors}}bad{{/hasErrors}}">
        <td><code>{{folder}}</code></td>
        <td>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}—{{/href}}</td>
        <td>{{version}}</td>
        <td>{{#hasErrors}}{{#servingLastGood}}{{labels.statusServingLastGood}}{{#keptCopy}} {{labels.statusKeptCopy}} <code>{{keptCopy}}</code> {{labels.statusKeptCopySaved}} <time datetime="{{keptCopySaved}}">{{keptCopySavedText}}</time>{{/keptCopy}}, {{labels.statusBecause}}:{{/servingLastGood}}{{^servingLastGood}}{{labels.statusNotLoaded}}{{/servingLastGood}}{{/hasErrors}}{{^hasErrors}}{{labels.statusLoaded}}{{/hasErrors}}
        {{#hasProblems}}<ul class="problems">{{#problems}}<li class="{{severity}}"><strong>{{severityLabel}}</strong> <code>{{location}}</code> {{message}}</li>{{/problems}}</ul>{{/hasProblems}}
        </td>
        </tr>
        {{/entries}}
        </tbody>
        </table>
        <!--lentera:umpan-balik--><!--/lentera:umpan-balik-->
        {{/content}}{{/layout}}
        """

    static let notFound = """
        {{<layout}}{{$content}}
        <h1>{{labels.notFoundTitle}}</h1>
        <p><a href="/">{{labels.notFoundText}}</a></p>
        {{/content}}{{/layout}}
        """
}
