using System.Runtime.CompilerServices;
namespace Orchestrator.Scheduler.Framework;

/// <summary>Kubernetes' helper.DefaultNormalizeScore and the score range.</summary>
public static class ScoreNormalizer
{
    /// <summary>The highest score a plugin gives a node (Kubernetes' MaxNodeScore).</summary>
    public const long MaxNodeScore = 100;

    /// <summary>
    /// Scales scores so that the highest becomes <see cref="MaxNodeScore"/> (integer arithmetic), or with
    /// <paramref name="reverse"/> so that the highest becomes 0 and 0 becomes 100. All zero: unchanged, or
    /// all 100 when reversed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Default(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }

        if (max == 0)
        {
            if (reverse)
            {
                scores.Fill(MaxNodeScore);
            }

            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var score = MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? MaxNodeScore - score : score;
        }
    }
}
