using System.Diagnostics;
using Xunit;

namespace WwanProto.Tests.Uci;

/// <summary>Every recorded transcript of OpenWrt's uci, reproduced byte for byte by `huaweiwwan uci`.</summary>
public class UciConformanceTests
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var f in UciVectorCase.All())
            data.Add(f);
        return data;
    }

    [Fact]
    public void The_vector_set_is_there()
    {
        Assert.True(UciVectorCase.All().Count() >= 7, "expected the recorded uci vectors in " + UciTestPaths.UciVectors());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Recorded_uci_transcript_is_reproduced(string vector)
    {
        var fails = new UciVectorCase(UciVectorCase.PathOf(vector)).Replay((c, t, stdin, args) => UciRun.Run(c, t, stdin, args));
        Assert.True(fails.Count == 0, vector + ":\n" + string.Join("\n", fails));
    }

    /// <summary>The same through the real executable: argv, stdio and the exit code plumbing of the verb.</summary>
    [Fact]
    public void The_executable_verb_reproduces_a_transcript()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "huaweiwwan.dll");
        var fails = new UciVectorCase(UciVectorCase.PathOf("errors.txt")).Replay((c, t, stdin, args) =>
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { dll, "uci", "-c", c, "-t", t }.Concat(args))
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(stdin ?? "");
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(30_000))
            {
                p.Kill();
                throw new TimeoutException("huaweiwwan uci did not finish");
            }
            // stderr is unbuffered and stdout flushed at exit, so in a shared pipe errors come first.
            return (p.ExitCode, err.Result + output);
        });
        Assert.True(fails.Count == 0, string.Join("\n", fails));
    }
}
