using System.Buffers;
using System.Text.Json;
using WwanProto.Core.Config;

namespace WwanProto.Core.Netifd;

/// <summary>
/// How setup hands the validated options (secrets included) to the session it starts: a file only root
/// can read (0600 in a 0700 directory under <see cref="SystemPaths.StateDir"/>), named in the proto task's
/// environment as <see cref="EnvironmentVariable"/> — never on argv, where `ps` shows it to everyone.
/// </summary>
public static class SessionConfigFile
{
    public const string EnvironmentVariable = "HUAWEIWWAN_CONFIG";

    public static string PathFor(SystemPaths paths, string iface) => System.IO.Path.Combine(paths.StateDir, $"{iface}.config.json");

    /// <summary>Writes atomically (temp file, then rename) so a session never reads half a file.</summary>
    public static string Write(SystemPaths paths, string iface, SessionConfig config)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("root-only state files need Unix permissions");
        StateDirectory.Ensure(paths.StateDir);
        var path = PathFor(paths, iface);
        var temp = path + ".tmp";
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) WriteJson(j, config);
        try
        {
            using (var f = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                // UnixCreateMode is ignored when the file already exists: enforce the mode either way.
                File.SetUnixFileMode(f.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                f.Write(buffer.WrittenSpan);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            AtomicFile.Delete(temp); // a full disk leaves a truncated temp file; nothing of a failed write stays
            throw;
        }
        return path;
    }

    /// <summary>Reads the file named by $HUAWEIWWAN_CONFIG (what `huaweiwwan session IFACE` does first).</summary>
    public static SessionConfig ReadFromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(path)) throw new InvalidOperationException($"{EnvironmentVariable} is not set: the session is started by `netifd setup`");
        return Read(path);
    }

    public static SessionConfig Read(string path) => Parse(BoundedFile.ReadAllBytes(path, BoundedFile.ConfigLimit), path);

    /// <summary>The file's contents; a broken file is an <see cref="InvalidDataException"/> naming <paramref name="path"/>.</summary>
    public static SessionConfig Parse(ReadOnlySpan<byte> bytes, string path)
    {
        var raw = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        string iface = "", zone = "";
        var reader = new Utf8JsonReader(bytes);
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name == "options")
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var option = reader.GetString()!;
                        reader.Read();
                        raw[option] = RawValue.Of(reader.GetString() ?? "");
                    }
                }
                else if (name == "interface") iface = reader.GetString() ?? "";
                else if (name == "zone") zone = reader.GetString() ?? "";
                else reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a session config file ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // A value of the wrong kind (an object where a string belongs) or a string that is not valid text.
            throw new InvalidDataException($"{path}: not a session config file (a value is not a valid string)", e);
        }
        var (options, errors) = OptionParser.Parse(raw);
        if (options is null) throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
        return new SessionConfig(iface, options, raw, zone.Length > 0 ? zone : null);
    }

    /// <summary>Options are stored as the raw strings that passed validation; reading re-parses them with the one parser.</summary>
    private static void WriteJson(Utf8JsonWriter j, SessionConfig config)
    {
        j.WriteStartObject();
        j.WriteString("interface", config.Interface);
        if (config.Zone is { } zone) j.WriteString("zone", zone);
        j.WriteStartObject("options");
        foreach (var (name, value) in config.Raw)
        {
            if (OptionSchema.Find(name) is null) continue;
            j.WriteString(name, value.List is { } list ? string.Join('\n', list) : value.Scalar ?? "");
        }
        j.WriteEndObject();
        j.WriteEndObject();
    }

    public static void Delete(SystemPaths paths, string iface)
    {
        try { File.Delete(PathFor(paths, iface)); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

}

/// <summary>What the session needs from setup: its interface, typed options, and the firewall zone for DHCP children.</summary>
public sealed record SessionConfig(string Interface, InterfaceOptions Options, IReadOnlyDictionary<string, RawValue> Raw, string? Zone);
