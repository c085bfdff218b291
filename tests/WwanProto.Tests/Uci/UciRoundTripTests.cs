using System.Text;
using WwanProto.Uci;
using Xunit;

namespace WwanProto.Tests.Uci;

/// <summary>parse -> write -> parse keeps the model, for generated configs full of hostile values (fixed seeds).</summary>
public class UciRoundTripTests
{
    private const int Seed = 20261122;

    [Fact]
    public void Generated_files_parse_to_their_model_and_survive_write_and_reparse()
    {
        for (int i = 0; i < 400; i++)
        {
            var gen = new UciConfigGenerator(Seed + i);
            var model = gen.Model();
            var text = gen.Text(model);
            var parsed = UciModelAssert.Parse(text);
            var expected = UciConfigGenerator.Expected(model);
            var actual = UciModelAssert.Describe(parsed);
            Assert.True(expected == actual, $"seed {Seed + i}, file:\n{text}\nwant:\n{expected}\ngot:\n{actual}");

            var written = UciExport.Write(parsed, header: false, nameAnonymous: false);
            var reparsed = UciModelAssert.Parse(written);
            UciModelAssert.Equal(parsed, reparsed);
            // The canonical form is a fixed point.
            Assert.Equal(written, UciExport.Write(reparsed, header: false, nameAnonymous: false));
        }
    }

    [Fact]
    public void Named_export_keeps_generated_names_of_anonymous_sections()
    {
        for (int i = 0; i < 100; i++)
        {
            var gen = new UciConfigGenerator(Seed * 3 + i);
            var parsed = UciModelAssert.Parse(gen.Text(gen.Model()));
            var text = UciExport.Write(parsed, header: true, nameAnonymous: true);
            UciPackage reparsed;
            try
            {
                reparsed = UciModelAssert.Parse(text);
            }
            catch (UciException e)
            {
                throw new Xunit.Sdk.XunitException($"seed {Seed * 3 + i}: {e.Message} in\n{text}");
            }
            Assert.Equal(
                UciModelAssert.Describe(parsed).Replace(" anon", ""),
                UciModelAssert.Describe(reparsed));
        }
    }

    /// <summary>Through the CLI: set stores any value without control characters in the change file, get and
    /// show read it back exactly, and so does the committed file.</summary>
    [Fact]
    public void Hostile_values_go_through_change_file_and_commit_unchanged()
    {
        var work = UciTestPaths.TempDir("rt");
        try
        {
            var conf = Path.Combine(work, "c");
            var save = Path.Combine(work, "t");
            Directory.CreateDirectory(conf);
            File.WriteAllText(Path.Combine(conf, "p"), "config t 'sec'\n");
            var gen = new UciConfigGenerator(Seed);
            var values = new List<string>();
            for (int i = 0; i < 40; i++)
            {
                var v = gen.Value(8);
                // Arguments reach the CLI as .NET strings, so only valid UTF-8 can be passed here.
                if (v.Length == 0 || UciText.FromUnicode(UciText.ToUnicode(v)) != v)
                    continue;
                values.Add(v);
                var unicode = UciText.ToUnicode(v);
                var (rc, output) = UciRun.Run(conf, save, null, "set", $"p.sec.o{i}={unicode}");
                Assert.True(rc == 0, output);
                Assert.Equal((0, unicode + "\n"), UciRun.Run(conf, save, null, "get", $"p.sec.o{i}"));
                Assert.Equal((0, $"p.sec.o{i}={UciText.ToUnicode(UciText.Quote(v))}\n"), UciRun.Run(conf, save, null, "show", $"p.sec.o{i}"));
            }
            Assert.Equal(0, UciRun.Run(conf, save, null, "commit", "p").Exit);
            Assert.Equal("", File.ReadAllText(Path.Combine(save, "p")));
            var committed = UciModelAssert.Parse(Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(conf, "p"))));
            var sec = committed.FindSection("sec")!;
            Assert.Equal(values, sec.Options.Select(o => o.Value!).ToList());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Theory]
    [InlineData("a\u0001b")]
    [InlineData("\u001b[0m")]
    [InlineData("x\u0000y")]
    public void Control_characters_in_values_are_rejected_like_uci(string value)
    {
        var work = UciTestPaths.TempDir("ctl");
        try
        {
            var conf = Path.Combine(work, "c");
            Directory.CreateDirectory(conf);
            File.WriteAllText(Path.Combine(conf, "p"), "config t 'sec'\n");
            Assert.Equal((1, "uci: Parse error\n"), UciRun.Run(conf, Path.Combine(work, "t"), null, "set", "p.sec.o=" + value));
            Assert.False(File.Exists(Path.Combine(work, "t", "p")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Newlines_tabs_and_quotes_are_written_inside_single_quotes()
    {
        var p = UciModelAssert.Parse("config t 's'\n\toption v \"line1\\nstill\"\n\toption w \"a\nb\\\\c'd\\\"e\tf\"\n");
        Assert.Equal("line1nstill", p.Sections[0].Options[0].Value);
        Assert.Equal("a\nb\\c'd\"e\tf", p.Sections[0].Options[1].Value);
        Assert.Equal("\nconfig t 's'\n\toption v 'line1nstill'\n\toption w 'a\nb\\c'\\''d\"e\tf'\n\n",
            UciExport.Write(p, header: false, nameAnonymous: false));
    }

    [Fact]
    public void Backslash_newline_continues_a_bare_or_double_quoted_value()
    {
        var p = UciModelAssert.Parse("config t 's'\n\toption a one\\\ntwo\n\toption b \"x\\\ny\"\n");
        Assert.Equal("onetwo", p.Sections[0].Options[0].Value);
        Assert.Equal("xy", p.Sections[0].Options[1].Value);
    }

    /// <summary>libuci decodes arguments in place, so a bare word right before ';' has its terminator
    /// written over the ';' and the rest of the line is lost; quoted, or with a space, the ';' works.</summary>
    [Fact]
    public void Semicolon_joins_commands_with_libucis_in_place_quirk()
    {
        var p = UciModelAssert.Parse("config t s1; option a lost\nconfig t 's2'; option b kept\nconfig t s3 ; option c kept\n");
        Assert.Equal("section s1 type=t\nsection s2 type=t\n  option b=kept\nsection s3 type=t\n  option c=kept\n", UciModelAssert.Describe(p));
    }
}
