# Runs a command with fd 0 and fd 1 from files (as `cmd <msg 1<env`) and prints its exit code and the peak
# RSS (KiB) of it and its children: Node cannot read a child's rusage, getrusage(RUSAGE_CHILDREN) can.
import resource, subprocess, sys
msg, env, *cmd = sys.argv[1:]
with open(msg, 'rb') as m, open(env, 'rb') as e:
    code = subprocess.call(cmd, stdin=m, stdout=e)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
