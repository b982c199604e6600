namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// The two topology values with the fewest matching pods for one topology key (Kubernetes'
/// criticalPaths): the first always holds the minimum. Enough for preemption, which changes one node at a time.
/// </summary>
internal sealed class CriticalPaths
{
    private string? _firstValue;
    private int _firstCount = int.MaxValue;
    private string? _secondValue;
    private int _secondCount = int.MaxValue;

    /// <summary>The smallest number of matching pods in any domain (int.MaxValue when none is known).</summary>
    public int Minimum => _firstCount;

    public CriticalPaths Clone() => (CriticalPaths)MemberwiseClone();

    public void Update(string value, int count)
    {
        if (value == _firstValue)
        {
            _firstCount = count;
        }
        else if (value == _secondValue)
        {
            _secondCount = count;
        }
        else
        {
            if (count < _firstCount)
            {
                (_secondValue, _secondCount) = (_firstValue, _firstCount);
                (_firstValue, _firstCount) = (value, count);
            }
            else if (count < _secondCount)
            {
                (_secondValue, _secondCount) = (value, count);
            }

            return;
        }

        if (_firstCount > _secondCount)
        {
            (_firstValue, _firstCount, _secondValue, _secondCount) = (_secondValue, _secondCount, _firstValue, _firstCount);
        }
    }
}
