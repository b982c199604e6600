using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// Runs one CNI plugin binary as the spec's protocol says: the operation and the container in CNI_* environment
/// variables, the plugin's configuration on stdin, a result (or an error object and a non-zero exit) on stdout.
/// Asynchronous throughout: no thread waits on the plugin.
/// </summary>
public static class CniPluginInvoker
{
    /// <summary>What a plugin is asked to do, and about which container (the spec's CNI_* variables).</summary>
    public sealed record Invocation(
        string Command,
        string ContainerId,
        string NetnsPath,
        string InterfaceName,
        string Args,
        string Path);

    /// <summary>Runs plugin <paramref name="type"/>; returns its result, or null when it printed nothing (DEL, CHECK).</summary>
    /// <exception cref="CniException">The plugin is missing, failed, timed out, or printed something that is not JSON.</exception>
    public static async Task<JsonObject?> InvokeAsync(
        string type, Invocation invocation, JsonObject config, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(config);
        var binary = FindPlugin(type, invocation.Path)
            ?? throw new CniException(type, invocation.Command, 999, $"failed to find plugin \"{type}\" in path [{invocation.Path}]", null);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("CNI_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["CNI_COMMAND"] = invocation.Command;
        start.Environment["CNI_CONTAINERID"] = invocation.ContainerId;
        start.Environment["CNI_NETNS"] = invocation.NetnsPath;
        start.Environment["CNI_IFNAME"] = invocation.InterfaceName;
        start.Environment["CNI_ARGS"] = invocation.Args;
        start.Environment["CNI_PATH"] = invocation.Path;
        // portmap and bridge call iptables; make sure the sbin directories are searched even from a minimal environment.
        var path = start.Environment.TryGetValue("PATH", out var p) && !string.IsNullOrEmpty(p) ? p : "/usr/bin:/bin";
        start.Environment["PATH"] = $"{path}:/usr/sbin:/sbin";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CniException(type, invocation.Command, 999, $"could not run {binary}: {e.Message}", null);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            try
            {
                await process.StandardInput.WriteAsync(config.ToJsonString().AsMemory(), timeoutSource.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The plugin exited before reading its configuration: its exit code and output say why.
            }

            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            return process.ExitCode == 0
                ? ParseResult(type, invocation.Command, output)
                : throw ParseError(type, invocation.Command, process.ExitCode, output, errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new CniException(type, invocation.Command, 999, $"timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>CNI_ARGS for a pod, the keys the kubelet's CNI driver passes (K8S_POD_NAMESPACE and so on).</summary>
    public static string PodArgs(PodNetworkAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return string.Join(';',
            "IgnoreUnknown=1",
            $"K8S_POD_NAMESPACE={attachment.PodNamespace}",
            $"K8S_POD_NAME={attachment.PodName}",
            $"K8S_POD_INFRA_CONTAINER_ID={attachment.ContainerId}",
            $"K8S_POD_UID={attachment.PodUid}");
    }

    private static string? FindPlugin(string type, string searchPath)
    {
        if (type.Contains('/', StringComparison.Ordinal) || type.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, type))
            .FirstOrDefault(File.Exists);
    }

    private static JsonObject? ParseResult(string type, string command, string output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(output) as JsonObject
                ?? throw new CniException(type, command, 6, "the plugin's result is not a JSON object", output.Trim());
        }
        catch (JsonException e)
        {
            throw new CniException(type, command, 6, $"the plugin's result is not JSON: {e.Message}", output.Trim());
        }
    }

    private static CniException ParseError(string type, string command, int exitCode, string output, string errors)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(output) && JsonNode.Parse(output) is JsonObject error && error["msg"] is JsonValue msg)
            {
                var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 999;
                return new CniException(type, command, code, msg.ToString(), error["details"]?.ToString());
            }
        }
        catch (JsonException)
        {
            // Not an error object: report what the plugin printed instead.
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"exited with {exitCode}");
        foreach (var part in new[] { output.Trim(), errors.Trim() }.Where(s => s.Length > 0))
        {
            text.Append(": ").Append(part);
        }

        return new CniException(type, command, 999, text.ToString(), null);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }
}
