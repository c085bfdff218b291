using System.Text;

namespace WwanProto.Core.HiLink;

/// <summary>Login for firmwares whose WebUI is locked (optional): the WebUI's user name and password.</summary>
public sealed record HiLinkCredentials(string Username, string Password);

/// <summary>
/// The stick's web API session: the SessionID cookie and the one-use verification tokens.
/// A session starts with GET /api/webserver/SesTokInfo (cookie + first token). Every request carries the
/// cookie and a token in __RequestVerificationToken; a POST uses its token up, and the answer's headers
/// bring the next ones (__RequestVerificationToken, possibly several joined by '#', or after a login
/// __RequestVerificationTokenone/two) and possibly a new cookie (Set-Cookie). With no token left, SesTokInfo
/// is asked again. An answer of 125001/125002/125003 (session or token gone stale, e.g. after the stick's
/// own timeout) starts a new session (and login) and repeats the request once; 100003 (login needed) logs in
/// and repeats it once when credentials are configured.
/// </summary>
public sealed class HiLinkClient(HiLinkHttp http, HiLinkCredentials? credentials = null, Action<string>? log = null)
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Queue<string> _tokens = new();
    private string? _cookie;
    private bool _loggedIn;

    public HiLinkHttp Http { get; } = http;

    /// <summary>How many times a stale session or token was renewed (status, tests).</summary>
    public int SessionRenewals { get; private set; }

    public Task<XmlNode> GetAsync(string path, CancellationToken ct) => RequestAsync("GET", path, null, ct);

    public Task<XmlNode> PostAsync(string path, XmlRequest body, CancellationToken ct) => RequestAsync("POST", path, body.ToString(), ct);

    /// <summary>POST that must answer &lt;response&gt;OK&lt;/response&gt;.</summary>
    public async Task PostOkAsync(string path, XmlRequest body, CancellationToken ct)
    {
        var answer = await PostAsync(path, body, ct).ConfigureAwait(false);
        if (answer.Text.Trim() != "OK" && answer.Children.Count > 0)
            throw new HiLinkException($"POST {path} answered <{answer.Name}> without OK");
    }

    private async Task<XmlNode> RequestAsync(string method, string path, string? body, CancellationToken ct)
    {
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await EnsureSessionAsync(ct).ConfigureAwait(false);
            try
            {
                return await ExchangeAsync(method, path, body, ct).ConfigureAwait(false);
            }
            catch (HiLinkException e) when (e.Code is { } code && HiLinkErrors.IsSessionError(code))
            {
                log?.Invoke($"hilink: {method} {path} answered {HiLinkErrors.Describe(code)}; starting a new session and asking once more");
                SessionRenewals++;
                Forget();
                await EnsureSessionAsync(ct).ConfigureAwait(false);
                return await ExchangeAsync(method, path, body, ct).ConfigureAwait(false);
            }
            catch (HiLinkException e) when (e.Code == HiLinkErrors.NoRights && credentials is not null && !_loggedIn)
            {
                await LoginAsync(ct).ConfigureAwait(false);
                return await ExchangeAsync(method, path, body, ct).ConfigureAwait(false);
            }
        }
        finally { _one.Release(); }
    }

    /// <summary>A cookie and a token to start from; logs in when credentials are set and the stick is locked.</summary>
    private async Task EnsureSessionAsync(CancellationToken ct)
    {
        if (_cookie is not null) return;
        await RefreshTokenAsync(ct).ConfigureAwait(false);
        if (credentials is not null && !_loggedIn)
        {
            var state = await ExchangeAsync("GET", "/api/user/state-login", null, ct).ConfigureAwait(false);
            if (state.Int("State") != 0) await LoginAsync(ct, state.Int("password_type")).ConfigureAwait(false);
            else _loggedIn = true;
        }
    }

    private async Task RefreshTokenAsync(CancellationToken ct)
    {
        var answer = await ExchangeAsync("GET", "/api/webserver/SesTokInfo", null, ct, needsToken: false).ConfigureAwait(false);
        var ses = answer.Value("SesInfo") ?? throw new HiLinkException("GET /api/webserver/SesTokInfo answered without <SesInfo>");
        var tok = answer.Value("TokInfo") ?? throw new HiLinkException("GET /api/webserver/SesTokInfo answered without <TokInfo>");
        _cookie = ses.Contains('=') ? ses : "SessionID=" + ses;
        _tokens.Clear();
        _tokens.Enqueue(tok);
    }

    private async Task LoginAsync(CancellationToken ct, int? passwordType = null)
    {
        var (user, password) = (credentials!.Username, credentials.Password);
        if (_tokens.Count == 0) await RefreshTokenAsync(ct).ConfigureAwait(false);
        var token = _tokens.Peek();
        var type = passwordType ?? 4;
        var body = new XmlRequest().Add("Username", user)
            .Add("Password", type == 4 ? HiLinkPassword.Type4(user, password, token) : HiLinkPassword.Type3(password))
            .Add("password_type", type);
        try
        {
            await ExchangeAsync("POST", "/api/user/login", body.ToString(), ct).ConfigureAwait(false);
        }
        catch (HiLinkException e) when (e.Code == HiLinkErrors.AlreadyLoggedIn) { }
        catch (HiLinkException e) when (e.Code is { } code)
        {
            throw new HiLinkException($"the stick's WebUI refused the login as \"{user}\": {HiLinkErrors.Describe(code)}", code);
        }
        _loggedIn = true;
        log?.Invoke($"hilink: logged in as \"{user}\" (password_type {type})");
    }

    private void Forget()
    {
        _cookie = null;
        _loggedIn = false;
        _tokens.Clear();
    }

    /// <summary>One request with the cookie and a token; takes the next cookie and tokens from the answer.</summary>
    private async Task<XmlNode> ExchangeAsync(string method, string path, string? body, CancellationToken ct, bool needsToken = true)
    {
        if (needsToken && method == "POST" && _tokens.Count == 0) await RefreshTokenAsync(ct).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>(2);
        if (_cookie is not null) headers.Add(new("Cookie", _cookie));
        if (needsToken && _tokens.Count > 0)
            headers.Add(new("__RequestVerificationToken", method == "POST" ? _tokens.Dequeue() : _tokens.Peek()));
        var response = await Http.SendAsync(method, path, headers, body, ct).ConfigureAwait(false);
        TakeSession(response);
        if (response.Status != 200)
            throw new HiLinkException($"{method} {path}: HTTP {response.Status} {response.Reason}".TrimEnd());
        XmlNode answer;
        try { answer = FlatXmlReader.Parse(Encoding.UTF8.GetString(response.Body)); }
        catch (HiLinkXmlException e) { throw new HiLinkException($"{method} {path}: {e.Message}"); }
        if (answer.Name == "error")
        {
            var code = answer.Int("code");
            var message = answer.Value("message") is { } m ? $" \"{m}\"" : "";
            throw new HiLinkException($"{method} {path} answered error {(code is { } c ? HiLinkErrors.Describe(c) : "without a code")}{message}", code);
        }
        return answer;
    }

    private void TakeSession(HttpResponse response)
    {
        foreach (var cookie in response.All("Set-Cookie"))
        {
            var pair = cookie.Split(';')[0].Trim();
            if (pair.StartsWith("SessionID=", StringComparison.Ordinal)) _cookie = pair;
        }
        var one = response.Header("__RequestVerificationTokenone");
        if (one is not null)
        {
            _tokens.Clear();
            _tokens.Enqueue(one);
            if (response.Header("__RequestVerificationTokentwo") is { } two) _tokens.Enqueue(two);
            return;
        }
        if (response.Header("__RequestVerificationToken") is { } list)
        {
            _tokens.Clear();
            foreach (var t in list.Split('#', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) _tokens.Enqueue(t);
        }
    }
}
