-- wrk script: cycles through the paths of a file, one per request, so a run does not measure
-- one cached query. Usage: wrk ... -s rotate.lua URL -- PATHS_FILE
local paths = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  -- each wrk thread starts elsewhere in the list
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
